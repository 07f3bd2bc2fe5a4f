// Runs inside the real extension host (as extensionTestsPath) for `npm run bench`: measures our extension's
// activation (module load + activate()) and, when asked, the 4K save path of `imageStudio.generate` against a bare
// @google/genai script doing the same work in the same process.
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as vscode from 'vscode';
import type { ImageStudioTestApi } from '../../src/extension';
import { FakeGemini } from '../fake-gemini/server';

const EXTENSION_ID = 'gemini-image-studio.gemini-image-studio';
const repoRoot = path.resolve(__dirname, '..', '..', '..');

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function run(): Promise<void> {
	const resultFile = process.env.IMAGE_STUDIO_BENCH_RESULT_FILE!;
	const result: Record<string, unknown> = { vscodeVersion: vscode.version, appName: vscode.env.appName };
	const extension = vscode.extensions.getExtension(EXTENSION_ID);
	if (!extension) {
		throw new Error('extension not found');
	}
	result.activeBefore = extension.isActive;
	// Let the host finish starting the built-in extensions, so the figure is ours and not the startup rush.
	await new Promise((resolve) => setTimeout(resolve, Number(process.env.IMAGE_STUDIO_BENCH_SETTLE_MS) || 4000));
	// What VS Code reports as an extension's activation time: loading its code plus the activate() call.
	const bundle = path.join(repoRoot, 'dist', 'extension.js');
	const loadStarted = performance.now();

	require(bundle);
	result.codeLoadingMs = performance.now() - loadStarted;
	const started = performance.now();
	await extension.activate();
	result.activationWallMs = performance.now() - started;
	result.activateCallMs = (extension.exports as ImageStudioTestApi).activateCallMs;
	result.activationMs = (result.codeLoadingMs as number) + (result.activateCallMs as number);

	if (process.env.IMAGE_STUDIO_BENCH_SAVE === '1') {
		result.save = await benchSavePath(extension);
	}
	fs.writeFileSync(resultFile, JSON.stringify(result));
}

async function benchSavePath(extension: vscode.Extension<unknown>): Promise<Record<string, unknown>> {
	const fake = new FakeGemini();
	const baseUrl = await fake.start();
	const apiKey = 'bench-key';
	const prompt = 'benchmark 4K image save path';
	const model = 'gemini-3.1-flash-image';
	const iterations = Number(process.env.IMAGE_STUDIO_BENCH_ITERATIONS) || 9;
	const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
	const bareDir = path.join(workspace, 'bare');
	fs.mkdirSync(bareDir, { recursive: true });
	await vscode.workspace.getConfiguration('imageStudio').update('endpoint', baseUrl, vscode.ConfigurationTarget.Global);
	await vscode.commands.executeCommand('imageStudio.setApiKey', { apiKey });

	const { GoogleGenAI } = require(path.join(repoRoot, 'node_modules', '@google/genai')) as typeof import('@google/genai');
	const bare = async (index: number): Promise<number> => {
		const t0 = performance.now();
		const ai = new GoogleGenAI({ apiKey, apiVersion: 'v1beta', httpOptions: { baseUrl } });
		const response = await ai.models.generateContent({
			model,
			contents: [{ role: 'user', parts: [{ text: prompt }] }],
			config: { responseModalities: ['TEXT', 'IMAGE'], imageConfig: { aspectRatio: '1:1', imageSize: '4K' } },
		});
		const part = response.candidates?.[0]?.content?.parts?.find((p) => p.inlineData && !p.thought);
		await fs.promises.writeFile(path.join(bareDir, `bare-${index}.jpg`), Buffer.from(part!.inlineData!.data!, 'base64'));
		return performance.now() - t0;
	};
	const api = extension.exports as ImageStudioTestApi;
	const phases: Record<string, number>[] = [];
	const ours = async (): Promise<number> => {
		const t0 = performance.now();
		const { uris, phasesMs } = await api.generateAndSave({ prompt, model, aspectRatio: '1:1', imageSize: '4K' });
		if (uris.length !== 1) {
			throw new Error('the save path saved nothing');
		}
		phases.push(phasesMs);
		return performance.now() - t0;
	};
	const command = async (): Promise<number> => {
		const t0 = performance.now();
		const uris = await vscode.commands.executeCommand<vscode.Uri[]>('imageStudio.generate', {
			prompt,
			model,
			aspectRatio: '1:1',
			imageSize: '4K',
			open: false,
		});
		if (!uris || uris.length !== 1) {
			throw new Error('imageStudio.generate saved nothing');
		}
		return performance.now() - t0;
	};

	// Warm-up: the fake renders and caches the 4K image once; both paths load the SDK once.
	await bare(-1);
	await ours();
	const oursMs: number[] = [];
	const bareMs: number[] = [];
	for (let i = 0; i < iterations; i++) {
		// Alternate the order so neither path always runs on a warmer machine.
		if (i % 2 === 0) {
			oursMs.push(await ours());
			bareMs.push(await bare(i));
		} else {
			bareMs.push(await bare(i));
			oursMs.push(await ours());
		}
	}
	const commandMs: number[] = [];
	for (let i = 0; i < Math.min(5, iterations); i++) {
		commandMs.push(await command());
	}
	const imageBytes = fs.statSync(path.join(bareDir, 'bare-0.jpg')).size;
	await fake.stop();
	const phaseMedians = Object.fromEntries(Object.keys(phases[0] ?? {}).map((name) => [name, median(phases.map((p) => p[name]))]));
	return {
		iterations,
		imageBytes,
		phaseMedians,
		oursMs,
		bareMs,
		commandMs,
		commandMedianMs: median(commandMs),
		oursMedianMs: median(oursMs),
		bareMedianMs: median(bareMs),
		ratio: median(oursMs) / median(bareMs),
	};
}
