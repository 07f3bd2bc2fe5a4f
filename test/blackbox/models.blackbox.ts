// Black-box checks of issue #8 through the packaged VSIX: the models the API lists decide (a new model ID, the default,
// an unknown model, the palette's model step with a model only the list knows, on a later page), a key without billing
// points to billing, and a 7-turn studio conversation plus a model switch pass a fake that binds signatures to their
// parts. Driven only by keybindings and the palette, checked through the fake's control routes and the workspace.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { findModel } from '../../src/gemini/modelCatalog';
import type { FakeProcess, FakeRequest } from './vsix.blackbox';

/** A model only `models.list` knows (on a later page: the fake lists two per page). */
export const LIST_ONLY_MODEL = {
	id: 'gemini-nano-banana-3-preview',
	displayName: 'Nano Banana 3 Preview',
	description: 'Preview of the next Nano Banana: generates and edits images.',
};
const UNKNOWN_MODEL = 'gemini-nano-banana-9';
const STUDIO_TURNS = 7;
const SWITCH_MODEL = 'gemini-3-pro-image';

/** The keybindings these checks press (added to the test's keybindings.json). */
export const MODEL_KEYBINDINGS = [
	{
		key: 'ctrl+alt+1',
		command: 'imageStudio.generate',
		args: { prompt: 'nano banana check', model: 'gemini-nano-banana-2.1', aspectRatio: '4:1', open: false },
	},
	{ key: 'ctrl+alt+u', command: 'imageStudio.generate', args: { prompt: 'unknown model check', model: UNKNOWN_MODEL, open: false } },
	{ key: 'ctrl+alt+b', command: 'imageStudio.generate', args: { prompt: 'billing check', model: 'gemini-3-pro-image', open: false } },
	{ key: 'ctrl+alt+s', command: 'imageStudio.openStudio', args: { prompt: 'a round sticker, one step further' } },
	{ key: 'ctrl+alt+m', command: 'imageStudio.openStudio', args: { prompt: 'the same sticker, drawn by another model', model: SWITCH_MODEL } },
];

/** What the main black-box test lends these checks. */
export interface BlackboxContext {
	readonly page: Page;
	readonly fake: FakeProcess;
	readonly workspace: string;
	check(name: string, body: () => Promise<void>): Promise<boolean>;
	pressUntilReacted(page: Page, key: string, reacted: () => Promise<boolean>, what: string): Promise<number>;
	until(condition: () => Promise<boolean> | boolean, timeoutMs: number, describe: string | (() => Promise<string>)): Promise<void>;
	notificationTexts(page: Page): Promise<string[]>;
	screenshot(page: Page, name: string): Promise<string>;
	filesUnder(dir: string): string[];
	log(message: string): void;
}

/** Options the fake starts with for these checks: two models per page, one model only the list knows, strict signatures. */
export const MODEL_FAKE_OPTIONS = { modelsPerPage: 2, extraModels: [LIST_ONLY_MODEL], strictSignatures: true };

const generates = async (fake: FakeProcess): Promise<FakeRequest[]> => (await fake.requests()).filter((r) => r.action === 'generateContent');

export async function runModelChecks(ctx: BlackboxContext, firstGenerateModel: () => string | undefined): Promise<void> {
	const { page, fake, workspace } = ctx;

	await ctx.check('the generate without a model used a model the API lists and Google has not deprecated', async () => {
		const model = firstGenerateModel();
		assert.ok(model, 'the first generate request named no model');
		const listed = await fake.listedModels();
		assert.ok(listed.includes(model), `${model} is not among the listed models ${JSON.stringify(listed)}`);
		assert.strictEqual(findModel(model)?.status, 'ga', `${model} is not a GA model in the catalog`);
		ctx.log(`default model ${model}; the fake lists ${listed.join(', ')}`);
	});

	await ctx.check('Ctrl+Alt+1: generate with gemini-nano-banana-2.1 (an ID without "image") saves an image', async () => {
		const before = (await generates(fake)).length;
		await ctx.pressUntilReacted(page, 'Control+Alt+Digit1', async () => (await generates(fake)).length > before, 'nano banana generate');
		const saved = path.join(workspace, 'assets', 'generated', 'nano-banana-check.jpg');
		await ctx.until(
			() => fs.existsSync(saved) && fs.statSync(saved).size > 0,
			60_000,
			async () =>
				`no nano-banana-check.jpg; files ${JSON.stringify(ctx.filesUnder(workspace))}; notifications ${JSON.stringify(await ctx.notificationTexts(page))}`,
		);
		const request = (await generates(fake)).at(-1)!;
		assert.strictEqual(request.model, 'gemini-nano-banana-2.1');
		assert.strictEqual(request.status, 200);
		// The save ends by removing its temporary file: wait for that, so the next check starts from a settled workspace.
		await ctx.until(() => !ctx.filesUnder(workspace).some((file) => file.endsWith('.partial')), 10_000, 'the save left a temporary file');
	});

	await ctx.check(`Ctrl+Alt+U: an unknown model (${UNKNOWN_MODEL}) shows a toast naming it and the closest listed models, and writes no file`, async () => {
		const filesBefore = ctx.filesUnder(workspace);
		const before = (await generates(fake)).length;
		await ctx.pressUntilReacted(page, 'Control+Alt+KeyU', async () => (await generates(fake)).length > before, 'unknown model generate');
		// The progress toast ("Generating image with …") names the model too: wait for the error itself.
		const isError = (text: string) => text.includes(UNKNOWN_MODEL) && /is not available/.test(text);
		// A toast can be folded away before it is read, so the notification centre is read as well.
		await ctx.until(
			async () => (await allNotificationTexts(page, ctx)).some(isError),
			30_000,
			async () => `no notification naming ${UNKNOWN_MODEL}: ${JSON.stringify(await allNotificationTexts(page, ctx))}`,
		);
		const toast = (await allNotificationTexts(page, ctx)).find(isError)!;
		assert.match(toast, /is not available .*Closest image models it lists: gemini-nano-banana/, toast);
		await ctx.screenshot(page, '3-unknown-model');
		const sent = (await generates(fake)).slice(before);
		assert.deepStrictEqual(
			sent.map((r) => r.status),
			[404],
			'one request, answered 404, not retried',
		);
		assert.deepStrictEqual(ctx.filesUnder(workspace), filesBefore, 'no file was written');
	});

	await ctx.check("the palette's model step offers a model known only from models.list, listed on a later page", async () => {
		await page.keyboard.press('Escape');
		await page.keyboard.press('F1');
		const input = page.locator('.quick-input-widget input').filter({ visible: true }).first();
		await input.waitFor({ timeout: 10_000 });
		await input.fill('>Gemini Image Studio: Generate Image');
		await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Generate Image' }).first().waitFor({ timeout: 10_000 });
		await page.keyboard.press('Enter');
		await ctx.until(async () => !(await input.inputValue().catch(() => '>')).startsWith('>'), 10_000, 'the prompt step did not open');
		await input.pressSequentially('palette model step', { delay: 5 });
		await page
			.locator('.quick-input-widget .monaco-list-row')
			.filter({ hasText: 'palette model step' })
			.first()
			.waitFor({ timeout: 5000 })
			.catch(() => undefined);
		await page.keyboard.press('Enter');
		const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: LIST_ONLY_MODEL.id });
		await ctx.until(
			async () => (await row.count()) > 0,
			20_000,
			async () =>
				`the model step does not offer ${LIST_ONLY_MODEL.id}: ${JSON.stringify(await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts())}`,
		);
		const text = (await row.first().innerText()).replace(/\s+/g, ' ');
		assert.match(text, /capabilities not known/, `the row says what is known: ${text}`);
		await ctx.screenshot(page, '4-palette-model-step');
		const pages = (await fake.requests()).filter((r) => r.action === 'list');
		ctx.log(`models.list requests: ${pages.length}`);
		assert.ok(pages.length >= 2, 'the list was read over more than one page');
		await page.keyboard.press('Escape');
	});

	await ctx.check('Ctrl+Alt+B: a key without billing (free-tier 429, limit 0) points to billing after at most 2 requests, writes nothing', async () => {
		await fake.setOptions({ freeTierKeys: ['blackbox-key'] });
		try {
			const filesBefore = ctx.filesUnder(workspace);
			const before = (await generates(fake)).length;
			await ctx.pressUntilReacted(page, 'Control+Alt+KeyB', async () => (await generates(fake)).length > before, 'billing generate');
			await ctx.until(
				async () => (await ctx.notificationTexts(page)).some((text) => /no free tier for this key: enable billing/.test(text)),
				30_000,
				async () => `no billing toast: ${JSON.stringify(await ctx.notificationTexts(page))}`,
			);
			const button = page.locator('.notification-toast .monaco-button').filter({ hasText: 'Set Up Billing' });
			assert.ok((await button.count()) > 0, 'the toast offers Set Up Billing');
			await ctx.screenshot(page, '5-billing');
			await new Promise((resolve) => setTimeout(resolve, 1500)); // A retry would come now.
			const sent = (await generates(fake)).length - before;
			assert.ok(sent >= 1 && sent <= 2, `${sent} requests`);
			assert.deepStrictEqual(ctx.filesUnder(workspace), filesBefore);
		} finally {
			await fake.setOptions({ freeTierKeys: [] });
		}
	});

	await ctx.check(
		`Ctrl+Alt+S ×${STUDIO_TURNS}, then Ctrl+Alt+M: a ${STUDIO_TURNS}-turn studio conversation and a model switch, accepted by the strict fake`,
		async () => {
			const studioRequests = async () => (await generates(fake)).filter((r) => JSON.stringify(r.body?.contents ?? []).includes('sticker'));
			for (let turn = 1; turn <= STUDIO_TURNS + 1; turn++) {
				const key = turn <= STUDIO_TURNS ? 'Control+Alt+KeyS' : 'Control+Alt+KeyM';
				await ctx.pressUntilReacted(page, key, async () => (await studioRequests()).length >= turn, `studio turn ${turn}`);
				await ctx.until(async () => (await studioRequests())[turn - 1]?.status !== undefined, 60_000, `studio turn ${turn} got no answer`);
				const request = (await studioRequests())[turn - 1];
				assert.strictEqual(request.status, 200, `turn ${turn} (${request.model}) was answered ${request.status}: the fake refused its history`);
				assert.strictEqual(request.body.contents.length, 2 * turn - 1, `turn ${turn} replays the whole conversation`);
				await ctx.until(async () => (await doneStudioTurns(page)) >= turn, 20_000, `the studio does not show turn ${turn} as done`);
			}
			const requests = await studioRequests();
			assert.deepStrictEqual(
				requests.map((r) => r.model),
				[...Array(STUDIO_TURNS).fill(requests[0].model), SWITCH_MODEL],
			);
			await ctx.screenshot(page, '6-studio-after-switch');
		},
	);
}

/** Toasts, and the notification centre's entries (opened through the status bar bell when no toast matches). */
async function allNotificationTexts(page: Page, ctx: BlackboxContext): Promise<string[]> {
	const toasts = await ctx.notificationTexts(page);
	const centre = page.locator('.notifications-center .notification-list-item-message');
	const bell = page.locator('.statusbar-item[id="status.notifications"]').first();
	if ((await centre.count()) > 0) {
		return [...toasts, ...(await centre.allInnerTexts().catch(() => []))];
	}
	await bell.click({ timeout: 2000 }).catch(() => undefined);
	await centre
		.first()
		.waitFor({ timeout: 2000 })
		.catch(() => undefined);
	const entries = await centre.allInnerTexts().catch(() => []);
	// Closed again: while the centre is open, new notifications go there instead of toasts, which later checks read.
	await bell.click({ timeout: 2000 }).catch(() => undefined);
	return [...toasts, ...entries];
}

/** The most done turns any webview frame shows (the studio's `.studio-turn-done` items). */
async function doneStudioTurns(page: Page): Promise<number> {
	let most = 0;
	for (const frame of page.frames()) {
		const count = await frame.evaluate<number>("document.querySelectorAll('.studio-turn-done').length").catch(() => 0);
		most = Math.max(most, count);
	}
	return most;
}
