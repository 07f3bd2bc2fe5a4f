// The API's model list is the truth, the catalog annotates it: new models work at once, unknown ones get a clear 404
// naming the closest listed ones, a key without billing is told so, and the contract check passes against the fake.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ContractRow } from '../../src/contract/contractCheck';
import { findModel } from '../../src/gemini/modelCatalog';
import { configure, ENV_KEY, generateRequests, lastNotification, snapshotWorkspace, useFakeGemini } from './support';

suite('models: the API decides, the catalog annotates', () => {
	const { fake, api } = useFakeGemini();

	async function expectNoFile(args: unknown, code: string, message: RegExp): Promise<void> {
		const before = snapshotWorkspace();
		const result = await vscode.commands.executeCommand('imageStudio.generate', args);
		assert.strictEqual(result, undefined);
		const notice = lastNotification(api());
		assert.strictEqual(notice.code, code, JSON.stringify(notice));
		assert.match(notice.message, message);
		assert.deepStrictEqual(snapshotWorkspace(), before, 'nothing was written');
	}

	test('gemini-nano-banana-2.1, an ID without "image", generates and saves (1:8 at 2K)', async () => {
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', {
			prompt: 'a tall banner',
			model: 'gemini-nano-banana-2.1',
			aspectRatio: '1:8',
			imageSize: '2K',
			open: false,
		});
		assert.strictEqual(uris?.length, 1);
		const [request] = generateRequests(fake);
		assert.strictEqual(request.path, '/v1beta/models/gemini-nano-banana-2.1:generateContent');
		assert.strictEqual(request.status, 200);
		assert.deepStrictEqual(request.body.generationConfig.imageConfig, { aspectRatio: '1:8', imageSize: '2K' });
	});

	test('no model given: the default is a model the API lists and Google has not deprecated', async () => {
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'default model', open: false });
		assert.strictEqual(uris?.length, 1);
		const [request] = generateRequests(fake);
		const listed = (await vscode.commands.executeCommand<string[]>('imageStudio.refreshModels')) ?? [];
		assert.ok(listed.includes(request.model!), `${request.model} is listed: ${listed.join(', ')}`);
		assert.strictEqual(findModel(request.model!)?.status, 'ga');
	});

	test('an unknown model is sent; its 404 names it and the closest listed models, offers the first, writes nothing', async () => {
		await configure({ maxRetries: 0 });
		await vscode.commands.executeCommand('imageStudio.refreshModels');
		await expectNoFile(
			{ prompt: 'x', model: 'gemini-nano-banana-2.2' },
			'modelNotFound',
			/"gemini-nano-banana-2\.2" is not available .*Closest image models it lists: gemini-nano-banana-2\.1/,
		);
		assert.ok(lastNotification(api()).actions.includes('Use gemini-nano-banana-2.1'));
		assert.strictEqual(generateRequests(fake).length, 1, 'sent once, not retried');
		assert.strictEqual(generateRequests(fake)[0].status, 404);
	});

	test('a shut-down model is sent too, and its 404 names the replacement', async () => {
		await expectNoFile({ prompt: 'x', model: 'gemini-2.5-flash-image' }, 'modelShutDown', /no longer available .*Use gemini-nano-banana-2\.1 instead/);
		assert.ok(lastNotification(api()).actions.includes('Use gemini-nano-banana-2.1'));
		assert.strictEqual(generateRequests(fake).length, 1);
	});

	test('something that is not a model ID is refused before any request', async () => {
		await expectNoFile({ prompt: 'x', model: '../models/x' }, 'invalidInput', /not a model ID/);
		assert.strictEqual(generateRequests(fake).length, 0);
	});

	test('a key without billing (free tier, limit 0) points to billing after one request, and is not retried', async () => {
		await configure({ maxRetries: 3 });
		fake.setOptions({ freeTierKeys: [ENV_KEY] });
		await expectNoFile({ prompt: 'no billing', model: 'gemini-3-pro-image' }, 'billingRequired', /no free tier for this key: enable billing/);
		assert.ok(lastNotification(api()).actions.includes('Set Up Billing'));
		assert.strictEqual(generateRequests(fake).length, 1, 'not retried, although Google sent RetryInfo');
	});

	test('Refresh Model List follows every page and finds a model only the API knows; generate takes it', async () => {
		fake.setOptions({
			modelsPerPage: 2,
			extraModels: [
				{
					id: 'gemini-nano-banana-3-preview',
					displayName: 'Nano Banana 3 Preview',
					description: 'Preview of the next Nano Banana: generates and edits images.',
				},
			],
		});
		const ids = await vscode.commands.executeCommand<string[]>('imageStudio.refreshModels');
		assert.ok(ids?.includes('gemini-nano-banana-3-preview'), `listed: ${ids?.join(', ')}`);
		assert.ok(ids?.includes('gemini-nano-banana-2.1'));
		assert.ok(!ids?.includes('gemini-2.5-flash-image'), 'shut-down models are not listed');
		const lists = fake.requests.filter((request) => request.action === 'list');
		assert.ok(lists.length >= 3, `pages followed: ${lists.map((request) => request.query).join(' | ')}`);
		assert.ok(lists.slice(1).every((request) => /pageToken=/.test(request.query)));
		assert.match(lastNotification(api(), 'info').message, /gemini-nano-banana-3-preview \(capabilities not known\)/);
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', {
			prompt: 'next gen',
			model: 'gemini-nano-banana-3-preview',
			open: false,
		});
		assert.strictEqual(uris?.length, 1);
	});

	test('a deprecated model in the settings still works and gets one notice offering its replacement', async () => {
		await configure({ model: 'gemini-3.1-flash-image' });
		const first = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'old model', open: false });
		assert.strictEqual(first?.length, 1);
		assert.strictEqual(generateRequests(fake)[0].model, 'gemini-3.1-flash-image');
		const notices = api().notifications.filter((record) => /deprecated/.test(record.message));
		assert.strictEqual(notices.length, 1, JSON.stringify(api().notifications));
		assert.deepStrictEqual(notices[0].actions, ['Switch to gemini-nano-banana-2.1']);
		api().clearNotifications();
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'old model again', open: false });
		assert.strictEqual(api().notifications.filter((record) => /deprecated/.test(record.message)).length, 0, 'once per model');
	});

	test('thinkingLevel reaches thinkingConfig; a level the model lacks is refused before any request', async () => {
		await vscode.commands.executeCommand('imageStudio.generate', {
			prompt: 'think hard',
			model: 'gemini-nano-banana-2.1',
			thinkingLevel: 'high',
			open: false,
		});
		assert.deepStrictEqual(generateRequests(fake)[0].body.generationConfig.thinkingConfig, { thinkingLevel: 'HIGH' });
		await expectNoFile(
			{ prompt: 'x', model: 'gemini-nano-banana-2.1', thinkingLevel: 'low' },
			'invalidInput',
			/thinking level "low".*minimal, medium, high/,
		);
		assert.strictEqual(generateRequests(fake).length, 1);
	});

	test('Check API Compatibility with { yes: true } runs every check against the fake and all pass', async () => {
		const rows = await vscode.commands.executeCommand<ContractRow[]>('imageStudio.checkApiCompatibility', { yes: true });
		assert.ok(rows && rows.length > 10, `rows: ${JSON.stringify(rows)}`);
		const notPassed = rows.filter((row) => row.outcome !== 'pass');
		assert.deepStrictEqual(notPassed, [], 'every check passes against the fake');
		assert.ok(rows.some((row) => /studio 4: model switch/.test(row.check)));
		const document = vscode.window.activeTextEditor?.document;
		assert.strictEqual(document?.languageId, 'markdown');
		assert.match(document!.getText(), /\| check \| we assume \| the API did \| result \|/);
		// Without yes, an argument object asks nothing and spends nothing.
		const before = generateRequests(fake).length;
		assert.strictEqual(await vscode.commands.executeCommand('imageStudio.checkApiCompatibility', {}), undefined);
		assert.match(lastNotification(api()).message, /pass \{ "yes": true \}/);
		assert.strictEqual(generateRequests(fake).length, before);
	});
});
