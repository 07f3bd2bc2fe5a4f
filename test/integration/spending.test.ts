import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { renderFakeImage } from '../fake-gemini/server';
import { generateRequests, lastNotification, snapshotWorkspace, useFakeGemini, workspaceRoot } from './support';
import type { UsageTotals } from '../../src/state/usageLedger';

type Spending = { session: UsageTotals; workspace: UsageTotals };

suite('budget and estimated spending', () => {
	const { fake, api } = useFakeGemini();

	setup(() => {
		const folder = path.join(workspaceRoot(), 'images');
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'logo.png'), renderFakeImage('image/png', 320, 320, 7));
		fs.writeFileSync(path.join(folder, 'photo.jpg'), renderFakeImage('image/jpeg', 320, 240, 8));
	});
	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		fs.rmSync(path.join(workspaceRoot(), 'images'), { recursive: true, force: true });
	});

	const spending = async () => (await vscode.commands.executeCommand<Spending>('imageStudio.showSpending', {}))!;

	test('maxCostUsd below the estimate refuses before anything is sent, in generate, edit and compose; nothing is written', async () => {
		const before = snapshotWorkspace();
		// gemini-3-pro-image at 4K: $0.24 per image in the catalog; two images are about $0.48.
		const refused = await vscode.commands.executeCommand('imageStudio.generate', {
			prompt: 'an expensive poster',
			model: 'gemini-3-pro-image',
			imageSize: '4K',
			count: 2,
			maxCostUsd: 0.3,
			open: false,
		});
		assert.strictEqual(refused, undefined);
		const notice = lastNotification(api(), 'error');
		assert.strictEqual(notice.code, 'overBudget');
		assert.match(notice.message, /would cost about \$0\.480, more than "maxCostUsd" \(\$0\.300\)\. Nothing was sent\./);
		for (const [command, args] of [
			['imageStudio.edit', { uri: 'images/logo.png', prompt: 'dark mode', model: 'gemini-3-pro-image', imageSize: '4K', maxCostUsd: 0.1 }],
			[
				'imageStudio.compose',
				{ uris: ['images/logo.png', 'images/photo.jpg'], prompt: 'together', model: 'gemini-3-pro-image', imageSize: '4K', maxCostUsd: 0.1 },
			],
		] as const) {
			assert.strictEqual(await vscode.commands.executeCommand(command, args), undefined, command);
			assert.strictEqual(lastNotification(api(), 'error').code, 'overBudget', command);
		}
		assert.strictEqual(generateRequests(fake).length, 0, 'nothing reached Gemini');
		assert.deepStrictEqual(snapshotWorkspace(), before);

		// A model without a known price cannot be checked against a limit: refused too, and says why.
		fake.setOptions({ extraModels: [{ id: 'gemini-9-image-experimental', displayName: 'Experimental', description: 'Generates images.' }] });
		assert.strictEqual(
			await vscode.commands.executeCommand('imageStudio.generate', {
				prompt: 'unknown price',
				model: 'gemini-9-image-experimental',
				maxCostUsd: 1,
				open: false,
			}),
			undefined,
		);
		assert.match(lastNotification(api(), 'error').message, /no price is known for this model, so "maxCostUsd" \(\$1\.000\) cannot be checked/);
		assert.strictEqual(generateRequests(fake).length, 0);

		// A bad limit is an argument error, not a silent "no limit".
		await vscode.commands.executeCommand('imageStudio.generate', { prompt: 'bad limit', maxCostUsd: '1', open: false });
		assert.match(lastNotification(api(), 'error').message, /"maxCostUsd" must be a number of US dollars/);
	});

	test('maxCostUsd at or above the estimate runs; the spending totals count the request by model and command', async () => {
		const start = await spending();
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', {
			prompt: 'a cheap icon',
			model: 'gemini-nano-banana-2.1',
			imageSize: '1K',
			maxCostUsd: 0.05,
			open: false,
		});
		assert.strictEqual(uris?.length, 1);
		await vscode.commands.executeCommand('imageStudio.edit', {
			uri: 'images/logo.png',
			prompt: 'dark mode',
			model: 'gemini-nano-banana-2.1',
			maxCostUsd: 0.05,
		});
		const after = await spending();
		assert.strictEqual(after.session.requests - start.session.requests, 2);
		assert.strictEqual(after.workspace.requests - start.workspace.requests, 2);
		assert.strictEqual((after.session.bySource.generate?.requests ?? 0) - (start.session.bySource.generate?.requests ?? 0), 1);
		assert.strictEqual((after.session.bySource.edit?.requests ?? 0) - (start.session.bySource.edit?.requests ?? 0), 1);
		const model = 'gemini-nano-banana-2.1';
		assert.strictEqual((after.session.byModel[model]?.images ?? 0) - (start.session.byModel[model]?.images ?? 0), 2);
		const added = after.session.costUsd - start.session.costUsd;
		// Two 1K images at $0.0336 each plus a few input and output tokens.
		assert.ok(added > 0.067 && added < 0.075, `added ${added}`);
		assert.ok(Math.abs(after.workspace.costUsd - start.workspace.costUsd - added) < 1e-9, 'the workspace counts what the session counts');
		// Nothing about spending is written into the workspace.
		assert.ok(!snapshotWorkspace().some((file) => /usage|spending/i.test(file)), `workspace: ${snapshotWorkspace().join(', ')} in ${workspaceRoot()}`);
	});

	test('argument-object calls never ask, whatever imageStudio.confirmAboveUsd says', async () => {
		await vscode.workspace.getConfiguration('imageStudio').update('confirmAboveUsd', 0, vscode.ConfigurationTarget.Global);
		try {
			// A modal would block this call until the test times out.
			const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', { prompt: 'no questions', open: false });
			assert.strictEqual(uris?.length, 1);
			assert.strictEqual(generateRequests(fake).length, 1);
		} finally {
			await vscode.workspace.getConfiguration('imageStudio').update('confirmAboveUsd', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
