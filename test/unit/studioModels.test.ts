// The studio's model control and request controls (src/studio/studioModels.ts): the API's list annotated by the
// catalog, the conversation's model always offered, unknown models with every control, and the thinking level.
import * as assert from 'assert';
import { ALL_THINKING_LEVELS, findModel, unknownModelInfo } from '../../src/gemini/modelCatalog';
import { buildChoices } from '../../src/gemini/modelDirectory';
import { assertThinkingLevelFor, parseThinkingLevel, requestControls, studioModelViews } from '../../src/studio/studioModels';

const OPTIONS = { output: 'textAndImage', googleSearch: false } as const;

describe('studio models and controls', () => {
	it("lists the API's models: known ones with their controls, unknown ones open, deprecated ones marked", () => {
		const choices = buildChoices({
			fetchedAt: 0,
			models: [{ id: 'gemini-nano-banana-2.1' }, { id: 'gemini-3.1-flash-image' }, { id: 'gemini-4-image', displayName: 'Gemini 4 Image' }],
		});
		const views = studioModelViews(choices, 'gemini-nano-banana-2.1');
		assert.deepStrictEqual(
			views.map((view) => [view.id, view.status]),
			[
				['gemini-nano-banana-2.1', 'ga'],
				['gemini-4-image', 'unknown'],
				['gemini-3.1-flash-image', 'deprecated'],
			],
		);
		const banana = views[0];
		assert.deepStrictEqual(banana.thinkingLevels, ['MINIMAL', 'MEDIUM', 'HIGH']);
		assert.strictEqual(banana.defaultThinkingLevel, 'MEDIUM');
		const unknown = views[1];
		assert.strictEqual(unknown.displayName, 'Gemini 4 Image');
		assert.strictEqual(unknown.detail, 'capabilities not known');
		assert.deepStrictEqual(unknown.thinkingLevels, ALL_THINKING_LEVELS, 'every level offered: the API decides');
		assert.strictEqual(unknown.supportsGoogleSearch, true);
		assert.deepStrictEqual(unknown.imageSizes, ['512', '1K', '2K', '4K']);
		assert.match(views[2].detail, /^deprecated: use gemini-nano-banana-2\.1/);
		assert.deepStrictEqual(findModel('gemini-3-pro-image')!.thinkingLevels, undefined);
	});

	it("always offers the conversation's model, listed or not", () => {
		const choices = buildChoices({ fetchedAt: 0, models: [{ id: 'gemini-nano-banana-2.1' }] });
		const shutDown = studioModelViews(choices, 'gemini-2.5-flash-image');
		assert.deepStrictEqual(
			shutDown.map((view) => view.id),
			['gemini-2.5-flash-image', 'gemini-nano-banana-2.1'],
		);
		assert.strictEqual(shutDown[0].status, 'shutDown');
		const typed = studioModelViews(choices, 'gemini-9-image-exp');
		assert.deepStrictEqual([typed[0].id, typed[0].status], ['gemini-9-image-exp', 'unknown']);
	});

	it("reads thinking levels in any case and checks them against a known model; an unknown model's pass", () => {
		assert.strictEqual(parseThinkingLevel('minimal'), 'MINIMAL');
		assert.strictEqual(parseThinkingLevel(' High '), 'HIGH');
		assert.strictEqual(parseThinkingLevel('max'), undefined);
		assert.strictEqual(parseThinkingLevel(3), undefined);
		assert.doesNotThrow(() => assertThinkingLevelFor('gemini-nano-banana-2.1', 'HIGH'));
		assert.throws(() => assertThinkingLevelFor('gemini-3.1-flash-lite-image', 'MEDIUM'), /takes the thinking levels minimal, high, not medium/);
		assert.throws(() => assertThinkingLevelFor('gemini-3-pro-image', 'HIGH'), /no thinking level control/);
		assert.doesNotThrow(() => assertThinkingLevelFor('gemini-4-image', 'LOW'));
	});

	it('puts the thinking level in the request where the model takes it; a carried-over one it does not take is left out with a notice', () => {
		const banana = findModel('gemini-nano-banana-2.1')!;
		assert.strictEqual(requestControls(banana, true, { ...OPTIONS, thinkingLevel: 'HIGH' }).thinkingLevel, 'HIGH');
		assert.strictEqual(requestControls(banana, true, OPTIONS).thinkingLevel, undefined, 'absent: the model decides');
		const lite = requestControls(findModel('gemini-3.1-flash-lite-image')!, true, { ...OPTIONS, thinkingLevel: 'MEDIUM', googleSearch: true });
		assert.strictEqual(lite.thinkingLevel, undefined);
		assert.strictEqual(lite.googleSearch, false);
		assert.deepStrictEqual(lite.notices.length, 2);
		assert.match(lite.notices.join(' '), /no medium thinking level/);
		const pro = requestControls(findModel('gemini-3-pro-image')!, true, { ...OPTIONS, thinkingLevel: 'HIGH' });
		assert.strictEqual(pro.thinkingLevel, undefined);
		assert.match(pro.notices[0], /no thinking level control/);
		const unknown = requestControls(unknownModelInfo('gemini-4-image'), false, {
			...OPTIONS,
			thinkingLevel: 'LOW',
			googleSearch: true,
			aspectRatio: '1:8',
			imageSize: '512',
		});
		assert.deepStrictEqual(
			unknown,
			{ aspectRatio: '1:8', imageSize: '512', googleSearch: true, thinkingLevel: 'LOW', notices: [] },
			'an unknown model gets everything: the API decides',
		);
		assert.throws(() => requestControls(findModel('gemini-3-pro-image')!, true, { ...OPTIONS, aspectRatio: '1:8' }), /does not make 1:8 images/);
	});
});
