// Runs inside the real extension host (as extensionTestsPath) for the studio part of `npm run bench`
// (test/bench/studioBench.ts drives it). It is a small HTTP server on 127.0.0.1 that does, on the driver's request,
// what only the extension host can do: say where the studio keeps its sessions, open a stored session in a panel,
// close the panels, and send turns through `imageStudio.openStudio` with a given `imageStudio.studio.maxRequestMB`.
// The driver learns the port from the `[studio-bench] listening <port>` line (forwarded to codeAutomationLog), and
// `POST /exit` ends run(), so the test-mode extension host exits instead of lingering after the page is closed.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import type { ImageStudioTestApi } from '../../src/extension';
import type { OpenStudioResult } from '../../src/commands/openStudio';

const EXTENSION_ID = 'gemini-image-studio.gemini-image-studio';

/** What `POST /turns` answers: one entry per turn, in order. */
export interface ProbeTurnsResult {
	sessionId: string;
	maxRequestMB: number | undefined;
	turns: {
		ok: boolean;
		error?: string;
		imageCount: number;
		/** `usage.inputTokens` the studio stored for the turn (from the reply's usageMetadata.promptTokenCount). */
		inputTokens?: number;
		/** Wall clock of the openStudio command in the extension host (request + reply + storing). */
		commandMs: number;
	}[];
}

export async function run(): Promise<void> {
	const extension = vscode.extensions.getExtension(EXTENSION_ID);
	if (!extension) {
		throw new Error('extension not found');
	}
	await extension.activate();
	const api = extension.exports as ImageStudioTestApi;
	if (!api?.studio) {
		throw new Error('the extension returned no test API (not in test mode?)');
	}
	let finish!: () => void;
	const finished = new Promise<void>((resolve) => (finish = resolve));

	const handlers: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
		'/info': async () => ({ storage: api.studio.storageUri.fsPath, vscodeVersion: vscode.version, appName: vscode.env.appName }),
		'/open': async (body) => {
			const started = performance.now();
			await api.studio.openSession(String(body.sessionId));
			return { hostMs: performance.now() - started };
		},
		'/closeAll': async () => {
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
			return {};
		},
		'/turns': async (body) => runTurns(api, body),
		'/exit': async () => {
			setTimeout(finish, 50);
			return {};
		},
	};

	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const handler = handlers[request.url ?? ''];
			const reply = (status: number, value: unknown) => {
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(value));
			};
			if (!handler) {
				reply(404, { error: `no route ${request.url}` });
				return;
			}
			let body: Record<string, unknown> = {};
			try {
				body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
			} catch {
				reply(400, { error: 'body is not JSON' });
				return;
			}
			handler(body).then(
				(value) => reply(200, value),
				(error: unknown) => reply(500, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	console.log(`[studio-bench] listening ${(server.address() as { port: number }).port}`);
	try {
		await finished;
	} finally {
		server.close();
	}
}

/** Sends `count` turns of one new conversation through the openStudio command with the given request budget. */
async function runTurns(api: ImageStudioTestApi, body: Record<string, unknown>): Promise<ProbeTurnsResult> {
	const count = Number(body.count) || 10;
	const budget = body.maxRequestMB === undefined || body.maxRequestMB === null ? undefined : Number(body.maxRequestMB);
	const prompt = String(body.prompt ?? 'a lighthouse on a cliff at dusk');
	const config = vscode.workspace.getConfiguration('imageStudio');
	// undefined removes the user value: the default applies.
	await config.update('studio.maxRequestMB', budget, vscode.ConfigurationTarget.Global);
	const turns: ProbeTurnsResult['turns'] = [];
	let sessionId = '';
	for (let index = 0; index < count; index++) {
		const started = performance.now();
		const result = await vscode.commands.executeCommand<OpenStudioResult | undefined>('imageStudio.openStudio', {
			prompt: index === 0 ? prompt : `turn ${index + 1}: make the light a little warmer, keep everything else`,
			newSession: index === 0,
		});
		const commandMs = performance.now() - started;
		if (!result?.turn) {
			throw new Error(`imageStudio.openStudio returned no turn for turn ${index + 1}`);
		}
		sessionId = result.sessionId;
		turns.push({ ok: result.turn.ok, error: result.turn.error, imageCount: result.turn.imageCount, commandMs });
		if (!result.turn.ok) {
			break;
		}
	}
	// The input tokens the studio recorded per turn (what it shows under each turn).
	try {
		const stored = JSON.parse(fs.readFileSync(path.join(api.studio.storageUri.fsPath, sessionId, 'session.json'), 'utf8')) as {
			turns?: { usage?: { inputTokens?: unknown } }[];
		};
		stored.turns?.forEach((turn, index) => {
			if (turns[index] && typeof turn.usage?.inputTokens === 'number') {
				turns[index].inputTokens = turn.usage.inputTokens;
			}
		});
	} catch {
		// No usage stored: the driver reports "n/a".
	}
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	await config.update('studio.maxRequestMB', undefined, vscode.ConfigurationTarget.Global);
	return { sessionId, maxRequestMB: budget, turns };
}
