// Helpers shared by the studio integration suites (studio*.test.ts): driving the studio as its webview would and
// reading what it stored. Not a test file itself (no `.test.` in the name), so the runner does not load it as a suite.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImageStudioTestApi } from '../../src/extension';
import type { StudioRequestOptions, StudioToWebview, StudioTurnView } from '../../src/shared/protocol';
import { waitFor } from './support';
import { thumbnailFile } from '../../src/studio/thumbnails';

export const PRO = 'gemini-3-pro-image';
export const FLASH = 'gemini-3.1-flash-image';
export const LITE = 'gemini-3.1-flash-lite-image';

/** What `imageStudio.openStudio` resolves to (kept local: the command's types are being reworked). */
export interface OpenStudioOutcome {
	readonly sessionId: string;
	readonly turn?: { readonly sessionId: string; readonly turnId: string; readonly ok: boolean; readonly imageCount: number; readonly error?: string };
}

export const DEFAULT_OPTIONS: StudioRequestOptions = { output: 'textAndImage', googleSearch: false };

export function studioTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all
		.flatMap((group) => group.tabs)
		.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('imageStudio.studio'));
}

export function compareTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all
		.flatMap((group) => group.tabs)
		.filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('imageStudio.compare'));
}

export async function openStudio(args: Record<string, unknown>): Promise<OpenStudioOutcome> {
	const result = await vscode.commands.executeCommand<OpenStudioOutcome | undefined>('imageStudio.openStudio', args);
	assert.ok(result, 'the command returned a result');
	return result;
}

/** One turn that must succeed; returns the outcome. */
export async function goodTurn(args: Record<string, unknown>): Promise<OpenStudioOutcome & { turn: NonNullable<OpenStudioOutcome['turn']> }> {
	const result = await openStudio(args);
	assert.ok(result.turn, `a turn was sent for ${JSON.stringify(args).slice(0, 120)}`);
	assert.ok(result.turn.ok, `the turn "${String(args.prompt)}" succeeded: ${result.turn.error}`);
	return result as OpenStudioOutcome & { turn: NonNullable<OpenStudioOutcome['turn']> };
}

/** session.json as stored (read loosely: the tests check the fields they rely on). */
export interface StoredSessionJson {
	id: string;
	title: string;
	model: string;
	turns: StoredTurnJson[];
}

export interface StoredTurnJson {
	id: string;
	model: string;
	prompt: string;
	attachments: { file: string; mimeType: string }[];
	response?: StoredPartJson[];
	error?: string;
	errorCode?: string;
	notice?: string;
}

export interface StoredPartJson {
	text?: string;
	thought?: boolean;
	thoughtSignature?: string;
	inlineFile?: { file: string; mimeType: string };
	[key: string]: unknown;
}

export function sessionDir(api: ImageStudioTestApi, id: string): string {
	return path.join(api.studio.storageUri.fsPath, id);
}

export function trashDir(api: ImageStudioTestApi, id?: string): string {
	const trash = path.join(path.dirname(api.studio.storageUri.fsPath), 'studio-trash');
	return id ? path.join(trash, id) : trash;
}

export function readSession(api: ImageStudioTestApi, id: string): StoredSessionJson {
	return JSON.parse(fs.readFileSync(path.join(sessionDir(api, id), 'session.json'), 'utf8')) as StoredSessionJson;
}

/**
 * session.json, or undefined while it is missing: for polling while the host may be saving it (a save through
 * `workspace.fs.rename(…, { overwrite: true })` deletes the old file before the rename, see studioFaults).
 */
export function tryReadSession(api: ImageStudioTestApi, id: string): StoredSessionJson | undefined {
	try {
		return readSession(api, id);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw error;
	}
}

/** Every file a session.json references (attachments and reply images). */
export function referencedFiles(session: StoredSessionJson): Set<string> {
	const files = new Set<string>();
	for (const turn of session.turns) {
		turn.attachments.forEach((attachment) => files.add(attachment.file));
		(turn.response ?? []).forEach((part) => part.inlineFile && files.add(part.inlineFile.file));
	}
	return files;
}

/** `files` and the thumbnail beside each (src/studio/thumbnails.ts): what a session folder holds for them. */
export function withThumbnails(files: Iterable<string>): Set<string> {
	return new Set([...files].flatMap((file) => [file, thumbnailFile(file)]));
}

/** The final (non-thought) image files of a stored turn. */
export function finalImages(turn: StoredTurnJson): string[] {
	return (turn.response ?? []).filter((part) => part.inlineFile && part.thought !== true).map((part) => part.inlineFile!.file);
}

export { snapshotDir } from './support';

/** What the active panel posted (empty when no panel is open). */
export function posted(api: ImageStudioTestApi): readonly StudioToWebview[] {
	try {
		return api.studio.posted();
	} catch {
		return [];
	}
}

export async function waitForPosted<T extends StudioToWebview>(
	api: ImageStudioTestApi,
	predicate: (message: StudioToWebview) => message is T,
	what: string,
	timeoutMs?: number,
): Promise<T>;
export async function waitForPosted(
	api: ImageStudioTestApi,
	predicate: (message: StudioToWebview) => boolean,
	what: string,
	timeoutMs?: number,
): Promise<StudioToWebview>;
export async function waitForPosted(
	api: ImageStudioTestApi,
	predicate: (message: StudioToWebview) => boolean,
	what: string,
	timeoutMs = 10_000,
): Promise<StudioToWebview> {
	return waitFor(() => posted(api).find(predicate), what, timeoutMs);
}

/** The last `turn` message posted for `turnId` (or the last one with `prompt`). */
export function lastTurnView(api: ImageStudioTestApi, match: { turnId?: string; prompt?: string }): StudioTurnView | undefined {
	const views = posted(api)
		.filter((message): message is Extract<StudioToWebview, { type: 'turn' }> => message.type === 'turn')
		.map((message) => message.turn)
		.filter((turn) => (match.turnId === undefined || turn.id === match.turnId) && (match.prompt === undefined || turn.prompt === match.prompt));
	return views.at(-1);
}

/** Sends a prompt as the webview would (`send`) and waits for its turn to finish; returns the final turn view. */
export async function sendFromWebview(
	api: ImageStudioTestApi,
	prompt: string,
	model: string,
	options: StudioRequestOptions = DEFAULT_OPTIONS,
): Promise<StudioTurnView> {
	assert.strictEqual(api.studio.receive({ type: 'send', prompt, model, options }), true, 'the send message was accepted');
	return waitFor(
		() => {
			const view = lastTurnView(api, { prompt });
			return view && view.status !== 'pending' && !api.studio.busy ? view : undefined;
		},
		`the turn "${prompt}" to finish`,
		30_000,
	);
}

export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every message that carries bytes (only `imageBytes` and pending `attachments` may). */
export function messagesWithBytes(messages: readonly StudioToWebview[]): StudioToWebview[] {
	const hasBytes = (value: unknown, depth = 0): boolean => {
		if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
			return true;
		}
		if (depth > 6 || typeof value !== 'object' || value === null) {
			return false;
		}
		return Object.values(value).some((child) => hasBytes(child, depth + 1));
	};
	return messages.filter((message) => hasBytes(message));
}
