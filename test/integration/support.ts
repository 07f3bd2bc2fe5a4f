// Shared set-up for the integration tests: one fake Gemini per suite, the extension's test API, and helpers to
// assert what reached the disk and what the user was told.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageStudioTestApi } from '../../src/extension';
import type { NotificationRecord } from '../../src/notifier';
import { FakeGemini } from '../fake-gemini/server';

export const EXTENSION_ID = 'gemini-image-studio.gemini-image-studio';
/** Set by both runners in the extension host's environment. */
export const ENV_KEY = 'env-key-for-tests-0001';

export async function extensionApi(): Promise<ImageStudioTestApi> {
	const extension = vscode.extensions.getExtension<ImageStudioTestApi>(EXTENSION_ID);
	assert.ok(extension, 'extension is installed');
	const api = await extension.activate();
	assert.ok(api, 'the extension returns its test API in test mode');
	return api;
}

export function workspaceRoot(): string {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the tests run with a workspace folder open');
	return folder.uri.fsPath;
}

/** Every file below the workspace with its size and a hash-free fingerprint (size + mtime), sorted. */
export function snapshotWorkspace(): string[] {
	return snapshotDir(workspaceRoot());
}

/** Files below `dir`, relative, sorted, with size and mtime; [] when it does not exist. */
export function snapshotDir(dir: string): string[] {
	const entries: string[] = [];
	const walk = (current: string) => {
		let list: fs.Dirent[];
		try {
			list = fs.readdirSync(current, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of list) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) {
				entries.push(`${path.relative(dir, full)}/`);
				walk(full);
			} else {
				const stat = fs.statSync(full);
				entries.push(`${path.relative(dir, full)} ${stat.size} ${stat.mtimeMs}`);
			}
		}
	};
	walk(dir);
	return entries.sort();
}

export async function configure(settings: Record<string, unknown>): Promise<void> {
	const config = vscode.workspace.getConfiguration('imageStudio');
	for (const [key, value] of Object.entries(settings)) {
		await config.update(key, value, vscode.ConfigurationTarget.Global);
	}
}

/** Starts a fake Gemini for the suite and points the extension at it; resets settings and notifications per test. */
export function useFakeGemini(): { fake: FakeGemini; api: () => ImageStudioTestApi } {
	const fake = new FakeGemini();
	let api: ImageStudioTestApi | undefined;
	suiteSetup(async () => {
		const url = await fake.start();
		api = await extensionApi();
		await configure({ endpoint: url });
	});
	setup(async () => {
		fake.reset();
		api!.clearNotifications();
		await configure({
			outputFolder: undefined,
			model: undefined,
			aspectRatio: undefined,
			imageSize: undefined,
			requestTimeoutSeconds: undefined,
			maxRetries: undefined,
		});
		await vscode.commands.executeCommand('imageStudio.clearApiKey');
		api!.clearNotifications();
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		fs.rmSync(path.join(workspaceRoot(), 'assets'), { recursive: true, force: true });
	});
	suiteTeardown(async () => {
		await configure({ endpoint: undefined });
		await fake.stop();
	});
	return { fake, api: () => api! };
}

export function lastNotification(api: ImageStudioTestApi, severity?: NotificationRecord['severity']): NotificationRecord {
	const matching = api.notifications.filter((record) => !severity || record.severity === severity);
	assert.ok(matching.length > 0, `a ${severity ?? ''} notification was shown; saw ${JSON.stringify(api.notifications)}`);
	return matching[matching.length - 1];
}

export function generateRequests(fake: FakeGemini) {
	return fake.requests.filter((request) => request.action === 'generateContent' || request.action === 'streamGenerateContent');
}

export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export function readWorkspaceFile(relative: string): Buffer {
	return fs.readFileSync(path.join(workspaceRoot(), relative));
}
