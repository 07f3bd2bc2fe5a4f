// Over 400 lines: one benchmark program measuring the studio end to end; its steps share the run's state.
// The studio figures of `npm run bench` (issue 4, item 7), measured in code-server 4.139.1 + Debian Chromium (headless,
// 1400×900). One code-server and one browser; every measured run gets a fresh page (a fresh renderer process and a
// fresh extension host running studioProbe.ts, which the driver calls over HTTP).
//
// 1. Opening a stored session of 100 images, and of 10 for comparison (RUNS runs each, interleaved). The sessions are
//    written straight into the studio's storage (`<storage>/studio/<id>/session.json`, StudioSession v1, one
//    1024×1024 fake JPEG per turn referenced by `inlineFile`); the probe calls `studio.openSession(id)`.
//    - open time: from the driver's request to the probe until the webview frame has every turn (`.studio-turn`) and
//      every <img> intersecting its viewport has loaded and two animation frames have been produced (painted);
//    - renderer memory: VmRSS (/proc/<pid>/status; RssShmem kept too) of the Chromium renderer process(es) running
//      the workbench page and the studio webview frame; each is found by burning 300 ms of CPU in that frame and
//      seeing which renderer's utime moves. Before the open (workbench at rest), 1 s after the open, and 1 s after
//      scrolling the conversation top to bottom one viewport at a time (waiting at each step for the visible images to
//      load and be painted; peak RSS over the steps kept). The JS heap is CDP Runtime.getHeapUsage of the page's isolate
//      (the webview frame shares it unless it is an out-of-process iframe, then it is measured on its own);
//    - the 100 images as PNGs (RUNS runs each, before the JPEG rounds): Chromium decodes a JPEG drawn small at a
//      reduced scale but a PNG only at full size, which is why the studio shows thumbnail files for older turns. Twice:
//      as this version stores a conversation (each image's `<stem>.thumb.webp` beside it, made with the studio's own
//      src/studio/thumbnails.ts), and as an older session without them (the studio makes them while the page shows);
//      the figure is the growth, renderer RSS after scrolling minus before the open (issue 12's goal: ≤ 100 MiB);
//    - every memory snapshot follows a forced garbage collection of the page's isolate (CDP HeapProfiler), so the
//      figures are what the page holds, not garbage of this driver's own evaluations (it polls every 10 ms while
//      scrolling, in the isolate the workbench and the webview share);
//    - the very last run (100 images) also reports RSS after a simulated critical memory pressure: how much of what
//      scrolling left behind Chromium gives back (decoded images in discardable memory) and how much is held.
// 2. Request bytes per turn: 10 turns of one conversation through `imageStudio.openStudio` against the fake Gemini
//    (strict signatures), with the default `imageStudio.studio.maxRequestMB` and with the setting's minimum (1 MB:
//    past it the oldest images are left out, each replaced by a note). Bytes = the fake's `bodyBytes` of
//    each generateContent; input tokens = `usage.inputTokens` the studio stored for the turn (the fake's
//    usageMetadata.promptTokenCount); images sent = inlineData parts in the request.
//
//   node out/test/bench/studioBench.js       standalone: writes test-output/bench-studio.json
//   node out/test/bench/bench.js --studio-only   (what `npm run bench -- --studio-only` runs)
// Env: IMAGE_STUDIO_BENCH_STUDIO_RUNS (runs per session size, default 3), IMAGE_STUDIO_BENCH_VERBOSE=1 (where the
//      time goes), IMAGE_STUDIO_KEEP_RUN_DIR=1. Logs: test-output/bench-studio-cs.log (code-server),
//      test-output/bench-studio-host.log (what the workbench forwarded).
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import * as util from 'util';
import type { BrowserContext, CDPSession, Frame, Page } from 'playwright-core';
import type { StudioSession, StudioTurn } from '../../src/studio/session';
import { FakeGemini, renderFakeImage } from '../fake-gemini/server';
import { makeThumbnail, THUMBNAIL_SIDE, thumbnailFile } from '../../src/studio/thumbnails';
import { copyDir, launchChromium, repoRoot, startCodeServer, testHostScripts, type CodeServer, type TestHost } from '../runners/codeServerHost';
import { sleep, waitForWorkbench } from '../ui/workbench';
import type { ProbeTurnsResult } from './studioProbe';

const RUNS = Number(process.env.IMAGE_STUDIO_BENCH_STUDIO_RUNS) || 3;
const SIZES = [10, 100] as const;
const TURNS = 10;
/** `imageStudio.studio.maxRequestMB` as package.json declares it (default and minimum). */
const BUDGET_SETTING = (() => {
	const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
		contributes: { configuration: { properties: Record<string, { default?: number; minimum?: number }> } };
	};
	const setting = manifest.contributes.configuration.properties['imageStudio.studio.maxRequestMB'];
	return { default: setting?.default ?? NaN, minimum: setting?.minimum ?? 1 };
})();
const MODEL = 'gemini-3.1-flash-image';
const IMAGE_SIDE = 1024;
const FORMATS = { jpeg: { mime: 'image/jpeg', extension: 'jpg' }, png: { mime: 'image/png', extension: 'png' } } as const;

// What the studio webview is made of (media/studio). One place to change when its markup changes.
const STUDIO_ROOT = '#studio-root';
const TURN = '.studio-turn';

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

export interface ProcessMemory {
	pid: number;
	rssKiB: number;
	rssAnonKiB: number;
	rssFileKiB: number;
	rssShmemKiB: number;
}

export interface MemorySnapshot {
	/** The renderer process(es) hosting the workbench page and the studio webview frame (distinct pids). */
	renderers: ProcessMemory[];
	/** Sum of VmRSS over `renderers`. */
	rendererRssKiB: number;
	/** Every Chromium renderer process (the about:blank page, spare renderers…), for context. */
	allRenderersRssKiB: number;
	otherRenderers: ProcessMemory[];
	gpuProcessRssKiB: number;
	/** V8 heap of the workbench renderer's main isolate (CDP Runtime.getHeapUsage). */
	jsHeapUsedBytes?: number;
	jsHeapTotalBytes?: number;
	/** Only when the webview is an out-of-process iframe: its own isolate. */
	webviewJsHeapUsedBytes?: number;
	/** In the studio frame: <img> elements, how many have loaded, and their decoded size if all were decoded (w×h×4). */
	images?: { inDom: number; loaded: number; loadedPixelBytes: number };
	domNodes?: number;
}

export interface OpenRun {
	images: number;
	/** Driver's request to open → every turn is in the webview. */
	allTurnsMs: number;
	/** Driver's request to open → every turn shown and the images in the viewport loaded and painted. */
	openMs: number;
	/** `studio.openSession` in the extension host (load session.json, create the panel). */
	hostMs: number;
	/** Scrolling top to bottom one viewport at a time, waiting for the visible images to load and be painted at each step. */
	scrollMs: number;
	scrollSteps: number;
	webviewOutOfProcess: boolean;
	beforeOpen: MemorySnapshot;
	afterOpen: MemorySnapshot;
	afterScroll: MemorySnapshot;
	/**
	 * Last run only: after scrolling, once Chromium was told of critical memory pressure (CDP
	 * Memory.simulatePressureNotification), i.e. what it gives back when it must. Only in the last window, because the
	 * simulated pressure changed the figures of later pages of the same browser (they kept far less after scrolling).
	 */
	afterPressure?: MemorySnapshot;
	/** Highest renderer RSS sampled at the scroll steps. */
	peakScrollRendererRssKiB: number;
}

export interface RequestTurn {
	turn: number;
	ok: boolean;
	requestBytes?: number;
	/** inlineData parts in the request (attachments and replayed images, thought images included). */
	imagesSent?: number;
	inputTokens?: number;
	commandMs: number;
	error?: string;
}

/** Runs of the 100-PNG session and their medians (growth: renderer RSS after the step minus before the open). */
export interface PngRuns {
	imageBytesMean: number;
	runs: OpenRun[];
	medianGrowthAfterOpenKiB: number;
	medianGrowthAfterScrollKiB: number;
	medianOpenMs: number;
}

function pngRunsOf(runs: OpenRun[], imageBytesMean: number): PngRuns {
	return {
		imageBytesMean,
		runs,
		medianGrowthAfterOpenKiB: median(runs.map((run) => run.afterOpen.rendererRssKiB - run.beforeOpen.rendererRssKiB)),
		medianGrowthAfterScrollKiB: median(runs.map((run) => run.afterScroll.rendererRssKiB - run.beforeOpen.rendererRssKiB)),
		medianOpenMs: median(runs.map((run) => run.openMs)),
	};
}

export interface StudioBenchResult {
	vscodeVersion: string;
	imageBytes: { perImageMean: number };
	open: Record<
		string,
		{
			runs: OpenRun[];
			medianOpenMs: number;
			medianAllTurnsMs: number;
			medianRendererRssAfterOpenKiB: number;
			medianRendererRssAfterScrollKiB: number;
			medianRendererRssBeforeOpenKiB: number;
			medianPeakScrollRendererRssKiB: number;
			medianRendererShmemAfterScrollKiB: number;
			medianJsHeapAfterOpenBytes?: number;
			medianJsHeapAfterScrollBytes?: number;
		}
	>;
	perExtraImageKiB: { afterOpen: number; afterScroll: number };
	/**
	 * One run with the 100 images as 1024×1024 PNGs (what the Gemini 2.5 image model returns): Chromium decodes a JPEG
	 * shown small at a reduced scale, a PNG only at full size, so this is the case where CSS-sized thumbnails cost most.
	 */
	png?: PngRuns;
	/** The same 100 PNGs as a session stored before thumbnails existed: the studio makes them while the page is shown. */
	pngWithoutThumbnails?: PngRuns;
	requests: { maxRequestMB: number | 'default'; effective: number; turns: RequestTurn[] }[];
	totalMs: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const mib = (kib: number): string => `${(kib / 1024).toFixed(0)} MiB`;
const mibBytes = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`);
const kb = (bytes: number | undefined): string =>
	bytes === undefined ? 'n/a' : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
const ms = (value: number): string => `${Math.round(value)} ms`;
const benchStarted = performance.now();
/** IMAGE_STUDIO_BENCH_VERBOSE=1: where the time goes. */
function trace(message: string): void {
	if (process.env.IMAGE_STUDIO_BENCH_VERBOSE === '1') {
		console.log(`  [studio +${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}`);
	}
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
		}),
	]).finally(() => clearTimeout(timer));
}

/** 1024×1024 fake JPEGs or PNGs (distinct seeds), rendered once and kept in the test-host cache (~0.13 s each to render). */
function benchImages(count: number, format: keyof typeof FORMATS): string[] {
	const { mime, extension } = FORMATS[format];
	const dir = path.join(testHostScripts().cacheRoot(), 'bench-images');
	fs.mkdirSync(dir, { recursive: true });
	const files: string[] = [];
	for (let index = 0; index < count; index++) {
		const file = path.join(dir, `fake-${IMAGE_SIDE}-${index + 1}.${extension}`);
		if (!fs.existsSync(file)) {
			const temp = `${file}.${process.pid}.tmp`;
			fs.writeFileSync(temp, renderFakeImage(mime, IMAGE_SIDE, IMAGE_SIDE, 0x5eed0000 + index));
			fs.renameSync(temp, file);
		}
		files.push(file);
	}
	return files;
}

/**
 * The studio's own thumbnail (src/studio/thumbnails.ts) of each bench image, made once with the extension's resizer
 * and encoder and kept beside the image in the cache: what the studio writes when it stores a turn.
 */
async function benchThumbnails(images: string[]): Promise<Map<string, string>> {
	const thumbnails = new Map<string, string>();
	for (const image of images) {
		const file = path.join(path.dirname(image), `${THUMBNAIL_SIDE}px-${thumbnailFile(path.basename(image))}`);
		if (!fs.existsSync(file)) {
			const made = await makeThumbnail(fs.readFileSync(image));
			if (!made.ok) {
				throw new Error(`no thumbnail for ${image}: ${made.reason}`);
			}
			fs.writeFileSync(`${file}.${process.pid}.tmp`, made.bytes);
			fs.renameSync(`${file}.${process.pid}.tmp`, file);
		}
		thumbnails.set(image, file);
	}
	return thumbnails;
}

/**
 * Writes `<storage>/<id>/session.json` + one image per turn, as the studio stores a conversation (session.ts); with
 * `thumbnails`, each image's thumbnail file beside it, as this version stores a turn (an older session has none, and
 * the studio makes them when it is first opened).
 */
function writeSession(storage: string, id: string, images: string[], thumbnails?: Map<string, string>): void {
	const folder = path.join(storage, id);
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	const start = Date.parse('2025-01-01T10:00:00Z');
	const turns: StudioTurn[] = images.map((source, index) => {
		const turnId = `t${index + 1}-bench`;
		const extension = path.extname(source).slice(1);
		const file = `${turnId}-p1.${extension}`;
		fs.copyFileSync(source, path.join(folder, file));
		const thumbnail = thumbnails?.get(source);
		if (thumbnail) {
			fs.copyFileSync(thumbnail, path.join(folder, thumbnailFile(file)));
		}
		return {
			id: turnId,
			model: MODEL,
			prompt: index === 0 ? 'A lighthouse on a cliff at dusk, photoreal' : `Variation ${index + 1}: make the light a little warmer, keep everything else`,
			attachments: [],
			response: [
				{ text: `Here is variation ${index + 1} of the lighthouse.` },
				{
					inlineFile: { file, mimeType: extension === 'png' ? 'image/png' : 'image/jpeg' },
					thoughtSignature: Buffer.from(`bench-signature-${index + 1}`).toString('base64'),
				},
			],
			usage: { inputTokens: 12 + index * 1130, outputTokens: 1290, thoughtTokens: 0, imageCount: 1 },
			createdAt: new Date(start + index * 60_000).toISOString(),
		};
	});
	const session: StudioSession = {
		version: 1,
		id,
		title: `Bench: ${images.length} images`,
		model: MODEL,
		createdAt: new Date(start).toISOString(),
		updatedAt: new Date(start + images.length * 60_000).toISOString(),
		turns,
	};
	fs.writeFileSync(path.join(folder, 'session.json'), JSON.stringify(session, null, '\t') + '\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Chromium processes (Linux /proc)
// ---------------------------------------------------------------------------------------------------------------

interface ChromiumProcess {
	pid: number;
	type: string;
}

function readProc(pid: number, file: string): string | undefined {
	try {
		return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
	} catch {
		return undefined;
	}
}

/** Chromium's processes: descendants of this process (outside code-server's process group), by `--type=`. */
export function chromiumProcesses(server: CodeServer): ChromiumProcess[] {
	const parents = new Map<number, number>();
	for (const entry of fs.readdirSync('/proc')) {
		if (/^\d+$/.test(entry)) {
			const status = readProc(Number(entry), 'status');
			const ppid = Number(/^PPid:\s+(\d+)/m.exec(status ?? '')?.[1] ?? -1);
			if (ppid >= 0) {
				parents.set(Number(entry), ppid);
			}
		}
	}
	const children = new Map<number, number[]>();
	for (const [pid, ppid] of parents) {
		children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	}
	const found: ChromiumProcess[] = [];
	const stack = [...(children.get(process.pid) ?? [])];
	while (stack.length > 0) {
		const pid = stack.pop()!;
		if (pid === server.pid) {
			continue;
		}
		stack.push(...(children.get(pid) ?? []));
		// Chromium rewrites the command line of its children into one space-separated string (setproctitle).
		const cmdline = (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ');
		if (!/^\S*chrom/i.test(cmdline)) {
			continue;
		}
		const type = /(?:^|\s)--type=(\S+)/.exec(cmdline)?.[1] ?? 'browser';
		found.push({ pid, type });
	}
	return found;
}

function processMemory(pid: number): ProcessMemory | undefined {
	const status = readProc(pid, 'status');
	if (!status) {
		return undefined;
	}
	const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
	return { pid, rssKiB: field('VmRSS'), rssAnonKiB: field('RssAnon'), rssFileKiB: field('RssFile'), rssShmemKiB: field('RssShmem') };
}

/** utime + stime in clock ticks. */
function cpuTicks(pid: number): number {
	const stat = readProc(pid, 'stat');
	if (!stat) {
		return 0;
	}
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/** The renderer that runs `target`'s JavaScript: burn 300 ms of CPU there and see whose utime moves. */
async function rendererOf(server: CodeServer, target: Page | Frame): Promise<number> {
	const renderers = chromiumProcesses(server).filter((candidate) => candidate.type === 'renderer');
	const before = new Map(renderers.map((renderer) => [renderer.pid, cpuTicks(renderer.pid)]));
	await target.evaluate('(() => { const end = Date.now() + 300; while (Date.now() < end) { /* burn */ } })()');
	let best = { pid: -1, delta: -1 };
	for (const renderer of renderers) {
		const delta = cpuTicks(renderer.pid) - (before.get(renderer.pid) ?? 0);
		if (delta > best.delta) {
			best = { pid: renderer.pid, delta };
		}
	}
	if (best.pid < 0) {
		throw new Error('no Chromium renderer process found');
	}
	return best.pid;
}

// ---------------------------------------------------------------------------------------------------------------
// Inside the webview (strings: the test tsconfig has no DOM lib; evaluated through CDP, so the webview's CSP does not apply)
// ---------------------------------------------------------------------------------------------------------------

/** Turns in the frame, and the <img>s that intersect its viewport: how many, how many loaded. null: not the studio. */
const VIEW_STATE = `(() => {
	if (!document.querySelector(${JSON.stringify(STUDIO_ROOT)})) {
		return null;
	}
	const width = window.innerWidth, height = window.innerHeight;
	let visible = 0, loaded = 0;
	for (const img of document.querySelectorAll('img')) {
		const rect = img.getBoundingClientRect();
		if (rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < height && rect.left < width) {
			visible++;
			if (img.complete && img.naturalWidth > 0) {
				loaded++;
			}
		}
	}
	return { turns: document.querySelectorAll(${JSON.stringify(TURN)}).length, visible, loaded };
})()`;

/**
 * In the page: waits (up to 10 s) until every <img> intersecting the viewport has loaded, then for two animation
 * frames, so they have been painted (decoded at the size they are drawn). Not img.decode(): that forces a decode at
 * the image's full size, which the page itself never asks for (the history shows thumbnails), and it made the RSS after
 * scrolling 100 images ~930 MiB instead of ~540 MiB. Waiting longer per step (+150 ms) changed nothing.
 */
const SETTLE_BODY = `
	const width = window.innerWidth, height = window.innerHeight;
	const visibleImages = () => Array.from(document.querySelectorAll('img')).filter((img) => {
		const rect = img.getBoundingClientRect();
		return rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < height && rect.left < width;
	});
	const deadline = Date.now() + 10000;
	while (Date.now() < deadline && !visibleImages().every((img) => img.complete && img.naturalWidth > 0)) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
`;
const SETTLE = `(async () => {${SETTLE_BODY} return true; })()`;

const IMAGE_STATS = `(() => {
	const images = Array.from(document.querySelectorAll('img'));
	// An image far from the viewport shows a data: placeholder instead of its file (media/studio/imageResidency.ts).
	const loaded = images.filter((img) => img.complete && img.naturalWidth > 0 && !img.currentSrc.startsWith('data:'));
	return { inDom: images.length, loaded: loaded.length, loadedPixelBytes: loaded.reduce((sum, img) => sum + img.naturalWidth * img.naturalHeight * 4, 0), domNodes: document.getElementsByTagName('*').length };
})()`;

/** Finds the conversation's scrolling element, scrolls it to the top and remembers it. */
const SCROLL_SETUP = `(() => {
	const candidates = [document.scrollingElement, ...document.querySelectorAll('*')].filter((element) => {
		if (!element || element.scrollHeight <= element.clientHeight + 4) {
			return false;
		}
		if (element === document.scrollingElement) {
			return true;
		}
		const overflow = getComputedStyle(element).overflowY;
		return overflow === 'auto' || overflow === 'scroll';
	});
	candidates.sort((a, b) => b.scrollHeight - a.scrollHeight);
	const scroller = candidates[0];
	if (!scroller) {
		return null;
	}
	window.__studioBenchScroller = scroller;
	scroller.scrollTop = 0;
	return { scrollHeight: scroller.scrollHeight, clientHeight: scroller.clientHeight };
})()`;

/** One viewport down, then SETTLE; true once at the bottom. */
const SCROLL_STEP = `(async () => {
	const scroller = window.__studioBenchScroller;
	const before = scroller.scrollTop;
	scroller.scrollTop = before + scroller.clientHeight;
	const atBottom = scroller.scrollTop <= before || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
	${SETTLE_BODY}
	return atBottom;
})()`;

// ---------------------------------------------------------------------------------------------------------------
// Windows: one page, its own extension host running studioProbe.js
// ---------------------------------------------------------------------------------------------------------------

interface BenchWindow {
	page: Page;
	cdp: CDPSession;
	call<T>(route: string, body?: unknown, timeoutMs?: number): Promise<T>;
	close(): Promise<void>;
}

function post<T>(port: number, route: string, body: unknown, timeoutMs: number): Promise<T> {
	const data = JSON.stringify(body ?? {});
	return withTimeout(
		new Promise<T>((resolve, reject) => {
			const request = http.request(
				{
					host: '127.0.0.1',
					port,
					path: route,
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
				},
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						if (response.statusCode !== 200) {
							reject(new Error(`probe ${route}: ${response.statusCode} ${text}`));
							return;
						}
						resolve(JSON.parse(text) as T);
					});
				},
			);
			request.on('error', reject);
			request.end(data);
		}),
		timeoutMs,
		`probe ${route}`,
	);
}

async function openWindow(context: BrowserContext, server: CodeServer, workspace: string, log: fs.WriteStream): Promise<BenchWindow> {
	const page = await context.newPage();
	let resolvePort!: (port: number) => void;
	const port = new Promise<number>((resolve) => (resolvePort = resolve));
	let resolveExit!: () => void;
	const exited = new Promise<void>((resolve) => (resolveExit = resolve));
	await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
		const text = util.format(...(Array.isArray(args) ? args : [args]));
		if (!log.writableEnded) {
			log.write(`[${type}] ${text.endsWith('\n') ? text : `${text}\n`}`);
		}
		const match = /\[studio-bench\] listening (\d+)/.exec(text);
		if (match) {
			resolvePort(Number(match[1]));
		}
	});
	await page.exposeFunction('codeAutomationExit', () => resolveExit());
	page.on('pageerror', (error) => !log.writableEnded && log.write(`[pageerror] ${error.message}\n`));
	await page.goto(
		server.url(workspace, [
			['extensionDevelopmentPath', server.remoteUri(repoRoot)],
			['extensionTestsPath', server.remoteUri(path.join(repoRoot, 'out', 'test', 'bench', 'studioProbe.js'))],
		]),
		{ waitUntil: 'domcontentloaded', timeout: 60_000 },
	);
	await waitForWorkbench(page);
	const probePort = await withTimeout(port, 90_000, 'the studio probe (no "[studio-bench] listening" line)');
	const cdp = await context.newCDPSession(page);
	return {
		page,
		cdp,
		call: <T>(route: string, body?: unknown, timeoutMs = 120_000) => post<T>(probePort, route, body, timeoutMs),
		close: async () => {
			await post(probePort, '/exit', {}, 5_000).catch(() => undefined);
			await Promise.race([exited, sleep(5_000)]);
			await cdp.detach().catch(() => undefined);
			await page.close().catch(() => undefined);
		},
	};
}

/** Polls every frame of the page (20 ms apart: findFrame's 250 ms would blur the timing) for the studio's state. */
async function pollStudio(
	page: Page,
	done: (state: { turns: number; visible: number; loaded: number }) => boolean,
	timeoutMs: number,
): Promise<{ frame: Frame; state: { turns: number; visible: number; loaded: number } }> {
	const deadline = performance.now() + timeoutMs;
	let last: unknown;
	while (performance.now() < deadline) {
		for (const frame of page.frames()) {
			if (frame === page.mainFrame()) {
				continue;
			}
			const state = await frame.evaluate<{ turns: number; visible: number; loaded: number } | null>(VIEW_STATE).catch(() => null);
			if (state) {
				last = state;
				if (done(state)) {
					return { frame, state };
				}
			}
		}
		await sleep(20);
	}
	throw new Error(`the studio webview did not get there within ${timeoutMs} ms; last state ${JSON.stringify(last)}`);
}

async function snapshot(server: CodeServer, win: BenchWindow, rendererPids: number[], frame?: Frame, webviewCdp?: CDPSession): Promise<MemorySnapshot> {
	// Garbage first (of the page and of this driver's own evaluations), so what is measured is what the page holds.
	await win.cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
	await webviewCdp?.send('HeapProfiler.collectGarbage').catch(() => undefined);
	const processes = chromiumProcesses(server);
	const renderers = [...new Set(rendererPids)].map(processMemory).filter((memory): memory is ProcessMemory => memory !== undefined);
	const sum = (pids: number[]) => pids.map(processMemory).reduce((total, memory) => total + (memory?.rssKiB ?? 0), 0);
	const otherRenderers = processes
		.filter((p) => p.type === 'renderer' && !rendererPids.includes(p.pid))
		.map((p) => processMemory(p.pid))
		.filter((memory): memory is ProcessMemory => memory !== undefined);
	const result: MemorySnapshot = {
		renderers,
		otherRenderers,
		rendererRssKiB: renderers.reduce((total, memory) => total + memory.rssKiB, 0),
		allRenderersRssKiB: sum(processes.filter((p) => p.type === 'renderer').map((p) => p.pid)),
		gpuProcessRssKiB: sum(processes.filter((p) => p.type === 'gpu-process').map((p) => p.pid)),
	};
	const heap = (await win.cdp.send('Runtime.getHeapUsage').catch(() => undefined)) as { usedSize: number; totalSize: number } | undefined;
	result.jsHeapUsedBytes = heap?.usedSize;
	result.jsHeapTotalBytes = heap?.totalSize;
	if (webviewCdp) {
		const own = (await webviewCdp.send('Runtime.getHeapUsage').catch(() => undefined)) as { usedSize: number } | undefined;
		result.webviewJsHeapUsedBytes = own?.usedSize;
	}
	if (frame) {
		const stats = await frame.evaluate<{ inDom: number; loaded: number; loadedPixelBytes: number; domNodes: number }>(IMAGE_STATS).catch(() => undefined);
		if (stats) {
			result.images = { inDom: stats.inDom, loaded: stats.loaded, loadedPixelBytes: stats.loadedPixelBytes };
			result.domNodes = stats.domNodes;
		}
	}
	return result;
}

async function openRun(
	server: CodeServer,
	context: BrowserContext,
	workspace: string,
	log: fs.WriteStream,
	images: string[],
	simulatePressure: boolean,
	thumbnails?: Map<string, string>,
): Promise<OpenRun> {
	const size = images.length;
	trace(`window for ${size} images`);
	const win = await openWindow(context, server, workspace, log);
	trace('probe ready');
	try {
		// Into this workspace's studio storage, the way the studio keeps a conversation.
		const sessionId = `bench-${size}-images`;
		const { storage } = await win.call<{ storage: string }>('/info');
		writeSession(storage, sessionId, images, thumbnails);
		const workbenchRenderer = await rendererOf(server, win.page);
		// Let the workbench finish starting (extensions, views) so "before open" is a resting figure.
		await sleep(2_000);
		const beforeOpen = await snapshot(server, win, [workbenchRenderer]);

		const t0 = performance.now();
		const host = win.call<{ hostMs: number }>('/open', { sessionId });
		const allTurns = await pollStudio(win.page, (state) => state.turns >= size, 60_000);
		const allTurnsMs = performance.now() - t0;
		const shown = await pollStudio(win.page, (state) => state.turns >= size && state.visible > 0 && state.loaded === state.visible, 60_000);
		await shown.frame.evaluate(SETTLE);
		const openMs = performance.now() - t0;
		const { hostMs } = await host;
		void allTurns;

		const frame = shown.frame;
		const webviewRenderer = await rendererOf(server, frame);
		// Only an out-of-process iframe has a CDP session of its own (and a V8 isolate of its own).
		const webviewCdp = await context.newCDPSession(frame).catch(() => undefined);
		const pids = [workbenchRenderer, webviewRenderer];
		await sleep(1_000);
		const afterOpen = await snapshot(server, win, pids, frame, webviewCdp);
		trace(`opened in ${ms(openMs)}; scrolling`);

		// Top to bottom, one viewport at a time, waiting at each step for what is visible to load and be painted.
		const setupScroll = await frame.evaluate<{ scrollHeight: number; clientHeight: number } | null>(SCROLL_SETUP);
		if (!setupScroll) {
			throw new Error('the studio webview has nothing to scroll');
		}
		const scrollStarted = performance.now();
		let steps = 0;
		let peak = 0;
		await frame.evaluate(SETTLE);
		const rendererRss = () => [...new Set(pids)].reduce((total, pid) => total + (processMemory(pid)?.rssKiB ?? 0), 0);
		for (let atBottom = false; !atBottom && steps < 2_000; steps++) {
			peak = Math.max(peak, rendererRss());
			atBottom = await frame.evaluate<boolean>(SCROLL_STEP);
		}
		peak = Math.max(peak, rendererRss());
		const scrollMs = performance.now() - scrollStarted;
		await sleep(1_000);
		const afterScroll = await snapshot(server, win, pids, frame, webviewCdp);
		peak = Math.max(peak, afterScroll.rendererRssKiB);
		// Is what scrolling left behind reclaimable (decoded images in discardable memory) or held?
		let afterPressure: MemorySnapshot | undefined;
		if (simulatePressure) {
			await win.cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
			await sleep(1_000);
			afterPressure = await snapshot(server, win, pids, frame, webviewCdp);
		}
		await webviewCdp?.detach().catch(() => undefined);
		trace(`scrolled in ${ms(scrollMs)}`);
		await win.call('/closeAll');
		return {
			images: size,
			allTurnsMs,
			openMs,
			hostMs,
			scrollMs,
			scrollSteps: steps,
			webviewOutOfProcess: webviewRenderer !== workbenchRenderer,
			beforeOpen,
			afterOpen,
			afterScroll,
			afterPressure,
			peakScrollRendererRssKiB: peak,
		};
	} finally {
		await win.close();
		trace('window closed');
	}
}

async function requestRun(win: BenchWindow, fake: FakeGemini, maxRequestMB: number | undefined): Promise<RequestTurn[]> {
	const firstId = fake.requests.reduce((max, request) => Math.max(max, request.id), 0);
	const result = await win.call<ProbeTurnsResult>('/turns', { count: TURNS, maxRequestMB }, 180_000);
	const requests = fake.requests.filter((request) => request.id > firstId && request.action === 'generateContent');
	return result.turns.map((turn, index) => {
		const request = requests[index];
		const contents = (request?.body?.contents ?? []) as { parts?: { inlineData?: unknown }[] }[];
		return {
			turn: index + 1,
			ok: turn.ok,
			error: turn.error,
			requestBytes: request?.bodyBytes,
			imagesSent: request
				? contents.reduce((count, content) => count + (content.parts ?? []).filter((part) => part.inlineData !== undefined).length, 0)
				: undefined,
			inputTokens: turn.inputTokens,
			commandMs: turn.commandMs,
		};
	});
}

// ---------------------------------------------------------------------------------------------------------------
// The bench
// ---------------------------------------------------------------------------------------------------------------

export async function runStudioBench(host: TestHost, outputDir = path.join(repoRoot, 'test-output')): Promise<StudioBenchResult> {
	const started = performance.now();
	if (!fs.existsSync(path.join(repoRoot, 'out', 'test', 'bench', 'studioProbe.js'))) {
		throw new Error('out/test/bench/studioProbe.js is missing: compile first (tsc -p . --outDir out).');
	}
	const images = benchImages(Math.max(...SIZES), 'jpeg');
	const pngImages = benchImages(Math.max(...SIZES), 'png');
	const fake = new FakeGemini();
	fake.options.strictSignatures = true;
	const baseUrl = await fake.start();
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-bench-studio-'));
	// A fresh workspace folder per window: VS Code restores a workspace's open editors (a studio panel included) when
	// it is opened again, which would put the previous run's webview into the next run's "before open".
	let workspaces = 0;
	const freshWorkspace = (): string => {
		const workspace = path.join(runDir, `workspace-${++workspaces}`);
		copyDir(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace);
		return workspace;
	};
	fs.mkdirSync(outputDir, { recursive: true });
	const log = fs.createWriteStream(path.join(outputDir, 'bench-studio-host.log'), { flags: 'w' });
	let server: CodeServer | undefined;
	let context: BrowserContext | undefined;
	try {
		server = await startCodeServer({
			host,
			runDir,
			env: { GEMINI_API_KEY: 'bench-key-studio-0001' },
			settings: { 'imageStudio.endpoint': baseUrl },
			logFile: path.join(outputDir, 'bench-studio-cs.log'),
		});
		context = await launchChromium(host, runDir);
		const liveServer = server;
		const liveContext = context;

		let vscodeVersion = '';
		trace('window for the request turns');
		// First, so that it also warms up what every open run needs (code-server's caches, the webview's scripts in the
		// browser cache); the open runs then all start alike.
		const win = await openWindow(liveContext, liveServer, freshWorkspace(), log);
		const requests: StudioBenchResult['requests'] = [];
		try {
			const info = await win.call<{ vscodeVersion: string; appName: string }>('/info');
			vscodeVersion = `${info.appName} ${info.vscodeVersion}`;
			requests.push({ maxRequestMB: 'default', effective: BUDGET_SETTING.default, turns: await requestRun(win, fake, undefined) });
			trace('10 turns with the default request budget done');
			// The setting's minimum: the smallest budget, where the oldest images are left out soonest.
			requests.push({
				maxRequestMB: BUDGET_SETTING.minimum,
				effective: BUDGET_SETTING.minimum,
				turns: await requestRun(win, fake, BUDGET_SETTING.minimum),
			});
		} finally {
			await win.close();
		}

		// Before the rounds: the last run's simulated memory pressure must come after every other run.
		// The 100 PNGs twice: as this version stores a conversation (each image's thumbnail file beside it), and as an
		// older session without thumbnails, which the studio makes while the page is shown (newest turn first).
		const pngFiles = pngImages.slice(0, SIZES[SIZES.length - 1]);
		const imageBytesMean = pngFiles.reduce((total, file) => total + fs.statSync(file).size, 0) / pngFiles.length;
		const pngThumbnails = await benchThumbnails(pngFiles);
		const pngRuns: OpenRun[] = [];
		const pngWithoutThumbnailsRuns: OpenRun[] = [];
		const growth = (run: OpenRun) => mib(run.afterScroll.rendererRssKiB - run.beforeOpen.rendererRssKiB);
		for (let round = 0; round < RUNS; round++) {
			const stored = await openRun(liveServer, liveContext, freshWorkspace(), log, pngFiles, false, pngThumbnails);
			pngRuns.push(stored);
			const older = await openRun(liveServer, liveContext, freshWorkspace(), log, pngFiles, false);
			pngWithoutThumbnailsRuns.push(older);
			console.log(
				`studio: PNG run ${round + 1}/${RUNS}: thumbnails stored: open ${ms(stored.openMs)}, renderer RSS ${mib(stored.beforeOpen.rendererRssKiB)} → ${mib(stored.afterOpen.rendererRssKiB)} after open → ${mib(stored.afterScroll.rendererRssKiB)} after scroll (+${growth(stored)}); ` +
					`older session: open ${ms(older.openMs)}, ${mib(older.beforeOpen.rendererRssKiB)} → ${mib(older.afterOpen.rendererRssKiB)} → ${mib(older.afterScroll.rendererRssKiB)} (+${growth(older)})`,
			);
		}
		const png = pngRunsOf(pngRuns, imageBytesMean);
		const pngWithoutThumbnails = pngRunsOf(pngWithoutThumbnailsRuns, imageBytesMean);

		const runs = new Map<number, OpenRun[]>(SIZES.map((size) => [size, []]));
		for (let round = 0; round < RUNS; round++) {
			for (const size of SIZES) {
				const last = round === RUNS - 1 && size === SIZES[SIZES.length - 1];
				const run = await openRun(liveServer, liveContext, freshWorkspace(), log, images.slice(0, size), last);
				runs.get(size)!.push(run);
				console.log(
					`studio: run ${round + 1}/${RUNS} ${size} images: open ${ms(run.openMs)} (all turns ${ms(run.allTurnsMs)}, host ${ms(run.hostMs)}), ` +
						`renderer RSS ${mib(run.beforeOpen.rendererRssKiB)} → ${mib(run.afterOpen.rendererRssKiB)} after open → ${mib(run.afterScroll.rendererRssKiB)} after scroll (${run.scrollSteps} steps, ${ms(run.scrollMs)})${run.afterPressure ? ` → ${mib(run.afterPressure.rendererRssKiB)} after simulated memory pressure` : ''}`,
				);
			}
		}

		const open: StudioBenchResult['open'] = {};
		for (const [size, list] of runs) {
			const heapAfterOpen = list.map((run) => run.afterOpen.jsHeapUsedBytes).filter((value): value is number => value !== undefined);
			const heapAfterScroll = list.map((run) => run.afterScroll.jsHeapUsedBytes).filter((value): value is number => value !== undefined);
			open[String(size)] = {
				runs: list,
				medianOpenMs: median(list.map((run) => run.openMs)),
				medianAllTurnsMs: median(list.map((run) => run.allTurnsMs)),
				medianRendererRssBeforeOpenKiB: median(list.map((run) => run.beforeOpen.rendererRssKiB)),
				medianRendererRssAfterOpenKiB: median(list.map((run) => run.afterOpen.rendererRssKiB)),
				medianRendererRssAfterScrollKiB: median(list.map((run) => run.afterScroll.rendererRssKiB)),
				medianPeakScrollRendererRssKiB: median(list.map((run) => run.peakScrollRendererRssKiB)),
				medianRendererShmemAfterScrollKiB: median(
					list.map((run) => run.afterScroll.renderers.reduce((total, memory) => total + memory.rssShmemKiB, 0)),
				),
				medianJsHeapAfterOpenBytes: heapAfterOpen.length > 0 ? median(heapAfterOpen) : undefined,
				medianJsHeapAfterScrollBytes: heapAfterScroll.length > 0 ? median(heapAfterScroll) : undefined,
			};
		}
		const [small, large] = SIZES.map((size) => open[String(size)]);
		const extra = SIZES[1] - SIZES[0];
		// Growth net of the page's own resting figure, so a heavier or lighter workbench start does not count.
		const net = (entry: typeof small, key: 'medianRendererRssAfterOpenKiB' | 'medianRendererRssAfterScrollKiB') =>
			entry[key] - entry.medianRendererRssBeforeOpenKiB;
		const result: StudioBenchResult = {
			vscodeVersion,
			imageBytes: { perImageMean: images.reduce((total, file) => total + fs.statSync(file).size, 0) / images.length },
			open,
			perExtraImageKiB: {
				afterOpen: (net(large, 'medianRendererRssAfterOpenKiB') - net(small, 'medianRendererRssAfterOpenKiB')) / extra,
				afterScroll: (net(large, 'medianRendererRssAfterScrollKiB') - net(small, 'medianRendererRssAfterScrollKiB')) / extra,
			},
			png,
			pngWithoutThumbnails,
			requests,
			totalMs: performance.now() - started,
		};
		return result;
	} finally {
		await context?.close().catch(() => undefined);
		await server?.stop();
		await fake.stop();
		await new Promise((resolve) => log.end(resolve));
		if (process.env.IMAGE_STUDIO_KEEP_RUN_DIR === '1') {
			console.log(`studio: kept ${runDir}`);
		} else {
			fs.rmSync(runDir, { recursive: true, force: true });
		}
	}
}

/** The summary lines `npm run bench` prints. */
export function printStudioBench(result: StudioBenchResult): void {
	const [small, large] = SIZES.map((size) => result.open[String(size)]);
	const runsOf = (entry: typeof small) => entry.runs.map((run) => Math.round(run.openMs)).join(', ');
	const oop = large.runs.some((run) => run.webviewOutOfProcess);
	console.log('');
	console.log(
		`Studio (${result.vscodeVersion}, Chromium headless 1400×900; ${IMAGE_SIDE}×${IMAGE_SIDE} JPEGs, ${kb(result.imageBytes.perImageMean)} each on average):`,
	);
	for (const [size, entry] of [
		[SIZES[0], small],
		[SIZES[1], large],
	] as const) {
		console.log(
			`studio: open ${size}-image session  median ${ms(entry.medianOpenMs)} (n=${entry.runs.length}: ${runsOf(entry)} ms); all ${size} turns in the webview after ${ms(entry.medianAllTurnsMs)}`,
		);
	}
	console.log(`  (from the request to open until every turn is shown and the images in the viewport have loaded and been painted)`);
	const rss = (
		key:
			| 'medianRendererRssBeforeOpenKiB'
			| 'medianRendererRssAfterOpenKiB'
			| 'medianRendererRssAfterScrollKiB'
			| 'medianPeakScrollRendererRssKiB'
			| 'medianRendererShmemAfterScrollKiB',
	) => `${mib(large[key])} (${SIZES[0]} images: ${mib(small[key])})`;
	console.log(`studio: renderer RSS before open            ${rss('medianRendererRssBeforeOpenKiB')}`);
	console.log(
		`studio: renderer RSS after open ${SIZES[1]} images  ${rss('medianRendererRssAfterOpenKiB')}; growth per extra image ${result.perExtraImageKiB.afterOpen.toFixed(0)} KiB`,
	);
	console.log(
		`studio: renderer RSS after scrolling top to bottom ${rss('medianRendererRssAfterScrollKiB')}; growth per extra image ${result.perExtraImageKiB.afterScroll.toFixed(0)} KiB; peak while scrolling ${rss('medianPeakScrollRendererRssKiB')}`,
	);
	console.log(`  of which shared memory (RssShmem: Chromium's discardable memory, where decoded images live) ${rss('medianRendererShmemAfterScrollKiB')}`);
	const heldMemory = (snapshot: MemorySnapshot) => snapshot.rendererRssKiB - snapshot.renderers.reduce((total, memory) => total + memory.rssShmemKiB, 0);
	const lastLarge = large.runs.at(-1);
	if (lastLarge) {
		console.log(
			`studio: renderer memory held (RSS minus that discardable cache) ${SIZES[1]} images: after open ${mib(heldMemory(lastLarge.afterOpen))}, after scrolling ${mib(heldMemory(lastLarge.afterScroll))}` +
				(result.png?.runs[0]
					? `; as PNGs: after open ${mib(heldMemory(result.png.runs[0].afterOpen))}, after scrolling ${mib(heldMemory(result.png.runs[0].afterScroll))}`
					: '') +
				' (images far from the viewport are parked, so what the page holds does not grow with the conversation)',
		);
	}
	const pressured = large.runs.find((run) => run.afterPressure);
	if (pressured?.afterPressure) {
		const shmem = (snapshot: MemorySnapshot) => snapshot.renderers.reduce((total, memory) => total + memory.rssShmemKiB, 0);
		console.log(
			`studio: renderer RSS after scrolling ${SIZES[1]} images, then simulated critical memory pressure ${mib(pressured.afterPressure.rendererRssKiB)} ` +
				`(shared ${mib(shmem(pressured.afterPressure))}; was ${mib(pressured.afterScroll.rendererRssKiB)}, shared ${mib(shmem(pressured.afterScroll))}): what Chromium gives back when it must (last run only)`,
		);
	}
	console.log(
		`  (VmRSS of the Chromium renderer process running the workbench${oop ? ' + the one running the webview (out of process)' : ' and the webview (same process)'}; ` +
			`an image decoded at ${IMAGE_SIDE}×${IMAGE_SIDE} is ${mibBytes(IMAGE_SIDE * IMAGE_SIDE * 4)} of pixels)`,
	);
	const heap = (entry: typeof small, key: 'medianJsHeapAfterOpenBytes' | 'medianJsHeapAfterScrollBytes') => mibBytes(entry[key]);
	console.log(
		`studio: renderer JS heap (V8 isolate${oop ? ' of the workbench' : ' shared by workbench and webview'}) after open ${heap(large, 'medianJsHeapAfterOpenBytes')} (${SIZES[0]} images: ${heap(small, 'medianJsHeapAfterOpenBytes')}), ` +
			`after scroll ${heap(large, 'medianJsHeapAfterScrollBytes')} (${heap(small, 'medianJsHeapAfterScrollBytes')})`,
	);
	if (oop) {
		console.log(
			`studio: webview JS heap after open ${mibBytes(large.runs[0].afterOpen.webviewJsHeapUsedBytes)}, after scroll ${mibBytes(large.runs[0].afterScroll.webviewJsHeapUsedBytes)}`,
		);
	}
	for (const [label, entry] of [
		["a session stored by this version (each image's thumbnail file beside it)", result.png],
		['an older session without thumbnails (the studio makes them, newest first, while the page is shown)', result.pngWithoutThumbnails],
	] as const) {
		if (entry) {
			console.log(
				`studio: ${entry.runs.length > 0 ? entry.runs[0].images : 0} turns of ${IMAGE_SIDE}×${IMAGE_SIDE} PNGs (${kb(entry.imageBytesMean)} each), ${label}: ` +
					`renderer growth after open median ${mib(entry.medianGrowthAfterOpenKiB)}, after scrolling top to bottom median ${mib(entry.medianGrowthAfterScrollKiB)} ` +
					`(n=${entry.runs.length}: ${entry.runs.map((run) => mib(run.afterScroll.rendererRssKiB - run.beforeOpen.rendererRssKiB)).join(', ')}; goal ≤ 100 MiB); open median ${ms(entry.medianOpenMs)}`,
			);
		}
	}
	const imagesLine = (entry: typeof small, which: 'afterOpen' | 'afterScroll') => {
		const images = entry.runs.at(-1)?.[which].images;
		return images
			? `${images.loaded}/${images.inDom} showing their file (${mibBytes(images.loadedPixelBytes)} if all were decoded at full size; the others are parked far from the viewport)`
			: 'n/a';
	};
	console.log(`studio: webview <img> after open ${SIZES[1]} images: ${imagesLine(large, 'afterOpen')}; after scroll: ${imagesLine(large, 'afterScroll')}`);
	for (const run of result.requests) {
		const label = run.maxRequestMB === 'default' ? `budget ${run.effective} MB, the default` : `budget ${run.maxRequestMB} MB`;
		console.log(
			`studio: request bytes per turn (${label}): ${run.turns.map((turn) => `${turn.turn}: ${turn.ok ? kb(turn.requestBytes) : `failed (${turn.error})`}`).join(', ')}`,
		);
		console.log(`studio: input tokens per turn (${label}): ${run.turns.map((turn) => `${turn.turn}: ${turn.inputTokens ?? 'n/a'}`).join(', ')}`);
		console.log(`  images sent per turn: ${run.turns.map((turn) => turn.imagesSent ?? 'n/a').join(', ')}`);
	}
	console.log(`studio: bench took ${(result.totalMs / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
	const host = await testHostScripts().ensureTestHost();
	const result = await runStudioBench(host);
	printStudioBench(result);
	fs.writeFileSync(path.join(repoRoot, 'test-output', 'bench-studio.json'), JSON.stringify(result, null, '\t'));
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
