// `npm run bench`: figures measured in the real extension host (code-server 4.139.1 on Node 24):
// activation time (median of N host starts), bundle and VSIX sizes, and the 4K save path of imageStudio.generate
// against a bare @google/genai script doing the same work in the same run, as a ratio; then the studio figures
// (studioBench.ts): opening a 100-image session (time, renderer memory, after scrolling) and request bytes per turn.
//   node out/test/bench/bench.js [--studio-only | --no-studio]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyDir, launchChromium, repoRoot, startCodeServer, testHostScripts, TestHost } from '../runners/codeServerHost';
import { printStudioBench, runStudioBench, type StudioBenchResult } from './studioBench';

const HOST_STARTS = Number(process.env.IMAGE_STUDIO_BENCH_STARTS) || 11;
const ACTIVATION_TARGET_MS = 10;
const RATIO_TARGET = 1.2;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function kib(bytes: number): string {
	return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function hostStart(host: TestHost, index: number, withSave: boolean): Promise<Record<string, any>> {
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `gis-bench-${index}-`));
	const workspace = path.join(runDir, 'workspace');
	copyDir(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace);
	const resultFile = path.join(runDir, 'bench.json');
	const server = await startCodeServer({
		host,
		runDir,
		env: { IMAGE_STUDIO_BENCH_RESULT_FILE: resultFile, IMAGE_STUDIO_BENCH_SAVE: withSave ? '1' : '0' },
		settings: {},
		logFile: path.join(runDir, 'cs.log'),
	});
	const context = await launchChromium(host, runDir);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		let resolveExit!: (code: number) => void;
		const exited = new Promise<number>((resolve) => (resolveExit = resolve));
		await page.exposeFunction('codeAutomationLog', () => undefined);
		await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
		await page.goto(
			server.url(workspace, [
				['extensionDevelopmentPath', server.remoteUri(repoRoot)],
				['extensionTestsPath', server.remoteUri(path.join(repoRoot, 'out', 'test', 'bench', 'probe.js'))],
			]),
			{ waitUntil: 'domcontentloaded', timeout: 60_000 },
		);
		const code = await Promise.race([exited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('bench probe timed out')), 5 * 60_000))]);
		if (code !== 0 || !fs.existsSync(resultFile)) {
			throw new Error(`bench probe failed (exit ${code}); see ${path.join(runDir, 'cs.log')}`);
		}
		return JSON.parse(fs.readFileSync(resultFile, 'utf8'));
	} finally {
		await context.close().catch(() => undefined);
		await server.stop();
		fs.rmSync(runDir, { recursive: true, force: true });
	}
}

async function main(): Promise<void> {
	const host = await testHostScripts().ensureTestHost();
	const args = process.argv.slice(2);
	const studioOnly = args.includes('--studio-only');
	const withStudio = !args.includes('--no-studio');
	const outputFile = path.join(repoRoot, 'test-output', 'bench.json');
	fs.mkdirSync(path.dirname(outputFile), { recursive: true });
	if (studioOnly) {
		const studio = await runStudioBench(host);
		printStudioBench(studio);
		// Keeps the other figures of an earlier full run.
		const earlier = fs.existsSync(outputFile) ? (JSON.parse(fs.readFileSync(outputFile, 'utf8')) as Record<string, unknown>) : {};
		fs.writeFileSync(outputFile, JSON.stringify({ ...earlier, studio }, null, '\t'));
		return;
	}
	const extensionBundle = fs.statSync(path.join(repoRoot, 'dist', 'extension.js')).size;
	const sdkBundle = fs.statSync(path.join(repoRoot, 'dist', 'genai.js')).size;
	const vsixPath = path.join(repoRoot, 'gemini-image-studio.vsix');
	const vsix = fs.existsSync(vsixPath) ? fs.statSync(vsixPath).size : undefined;

	const activations: number[] = [];
	const walls: number[] = [];
	const loads: number[] = [];
	const calls: number[] = [];
	let save: Record<string, any> | undefined;
	let version = '';
	for (let i = 0; i < HOST_STARTS; i++) {
		const result = await hostStart(host, i, i === HOST_STARTS - 1);
		if (result.activeBefore) {
			throw new Error('the extension was already active before the probe measured it');
		}
		activations.push(result.activationMs);
		walls.push(result.activationWallMs);
		loads.push(result.codeLoadingMs);
		calls.push(result.activateCallMs);
		version = `${result.appName} ${result.vscodeVersion}`;
		save = result.save ?? save;
		console.log(
			`host start ${i + 1}/${HOST_STARTS}: activation ${result.activationMs.toFixed(2)} ms (code loading ${result.codeLoadingMs.toFixed(2)} + activate() ${result.activateCallMs.toFixed(2)}); ` +
				`extension.activate() wall clock incl. VS Code's context set-up ${result.activationWallMs.toFixed(2)} ms`,
		);
	}
	const activation = median(activations);
	console.log('');
	console.log(`Extension host: ${version}`);
	console.log(
		`activation (module load + activate), median of ${HOST_STARTS} host starts: ${activation.toFixed(2)} ms (target ≤ ${ACTIVATION_TARGET_MS} ms) ${activation <= ACTIVATION_TARGET_MS ? 'OK' : 'OVER'}`,
	);
	console.log(`  all: ${activations.map((ms) => ms.toFixed(2)).join(', ')}`);
	console.log(
		`  medians: code loading ${median(loads).toFixed(2)} ms, activate() ${median(calls).toFixed(2)} ms; wall clock of extension.activate() incl. VS Code's context set-up ${median(walls).toFixed(2)} ms`,
	);
	console.log(`bundle dist/extension.js: ${kib(extensionBundle)} (loaded at activation)`);
	console.log(`bundle dist/genai.js: ${kib(sdkBundle)} (loaded on first request)`);
	console.log(`VSIX: ${vsix !== undefined ? kib(vsix) : 'not built (run npm run package)'}`);
	if (save) {
		console.log(
			`4K save path (${(save.imageBytes / (1024 * 1024)).toFixed(1)} MiB JPEG, median of ${save.iterations}): generate's request → parse → decode → save ${save.oursMedianMs.toFixed(1)} ms, ` +
				`bare SDK script ${save.bareMedianMs.toFixed(1)} ms, ratio ${save.ratio.toFixed(3)} (target ≤ ${RATIO_TARGET}) ${save.ratio <= RATIO_TARGET ? 'OK' : 'OVER'}`,
		);
		console.log(
			`  phases (median ms): ${Object.entries(save.phaseMedians as Record<string, number>)
				.map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
				.join(', ')}`,
		);
		console.log(`  the whole command with its UI (progress and result notifications, remembered choices): median ${save.commandMedianMs.toFixed(1)} ms`);
	}
	let studio: StudioBenchResult | undefined;
	if (withStudio) {
		studio = await runStudioBench(host);
		printStudioBench(studio);
	}
	const results = {
		activationMedianMs: activation,
		activations,
		codeLoadingMs: loads,
		activateCallMs: calls,
		activationWallMs: walls,
		extensionBundle,
		sdkBundle,
		vsix,
		save,
		studio,
	};
	fs.writeFileSync(outputFile, JSON.stringify(results, null, '\t'));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
