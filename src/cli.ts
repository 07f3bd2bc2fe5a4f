// Over 400 lines: one terminal entry point (arguments, the run, the batch commands, the summary and exit codes) kept together so the CLI reads top to bottom.
/**
 * The terminal's composition root: `node dist/cli.js assets …` runs an asset manifest outside VS Code with the same
 * engine, lock and files rules as the editor. The key comes from GEMINI_API_KEY and is never printed. No `vscode`.
 *
 * Exit codes: 0 all done; 1 some assets failed or were skipped as invalid; 2 bad usage or an unusable manifest;
 * 3 the budget refused the run (over --max-cost, or not confirmed); 4 stopped by a quota (per day, or billing);
 * 130 cancelled (Ctrl+C: requests aborted, no partial file written).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { cancelAssetsBatch, collectBatch, submitAssetsBatch } from './assets/batchRun';
import { BatchClient, GeminiBatchClient } from './gemini/batchClient';
import { formatEstimate, needsConfirmation } from './assets/budget';
import { parseLock } from './assets/lockFile';
import { lineAndColumn, MANIFEST_FILE_NAME, ManifestProblem } from './assets/manifest';
import { NodeAssetFiles } from './assets/nodeFiles';
import type { RunMode } from './assets/plan';
import { RunAssetsResult, runAssets, RunPreparation } from './assets/runner';
import { ImageStudioError, errorMessage } from './core/errors';
import { redactSecrets } from './core/redact';
import { CallOptions, GeminiImageGenerator } from './gemini/geminiClient';
import { DEFAULT_RETRY_POLICY } from './gemini/retryPolicy';

export const EXIT = { ok: 0, someFailed: 1, usage: 2, budget: 3, quota: 4, cancelled: 130 } as const;

const USAGE = `Usage:
  cli.js assets [manifest] [--missing | --changed | --all | --id ID…] [--force] [--yes] [--max-cost USD]
                [--concurrency N] [--rpm N] [--endpoint URL] [--timeout SECONDS] [--batch [--no-wait]]
  cli.js assets status [manifest]
  cli.js assets cancel [manifest] [batch job names…]

  manifest     default ./${MANIFEST_FILE_NAME}; paths in it are relative to its folder
  --missing    generate assets with no output (default)
  --changed    regenerate assets whose prompt, settings or references changed (old output backed up first)
  --all        regenerate every asset (old outputs backed up first); --id ID picks assets by id
  --force      with --changed: also replace outputs edited by hand (backed up first)
  --yes        run without asking, even when the estimate is above $0.50
  --max-cost   refuse (exit 3) when the estimate is above this many US dollars
  --batch      submit through Gemini's batch API (half price) and wait for the results; --no-wait only submits
Environment: GEMINI_API_KEY (required), IMAGE_STUDIO_ENDPOINT (default Google's endpoint).
Backups of replaced outputs: <manifest folder>/.imagestudio/backups/<asset id>/.
Exit codes: 0 done, 1 some failed, 2 usage or manifest error, 3 budget refused, 4 stopped by quota, 130 cancelled.`;

export interface CliIo {
	readonly out: (line: string) => void;
	readonly err: (line: string) => void;
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	readonly isTty: boolean;
	/** Asks a yes/no question on the terminal. */
	readonly ask: (question: string) => Promise<boolean>;
	readonly signal?: AbortSignal;
	/** Gemini's batch API (tests pass their own). */
	readonly batchClient?: BatchClient;
}

interface Args {
	command: 'run' | 'status' | 'cancel';
	manifest: string;
	mode: RunMode;
	force: boolean;
	yes: boolean;
	batch: boolean;
	wait: boolean;
	maxCost?: number;
	concurrency?: number;
	rpm?: number;
	endpoint?: string;
	timeoutSeconds?: number;
	names: string[];
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
	const [group, ...rest] = argv;
	if (group !== 'assets') {
		throw new UsageError(group === undefined ? 'No command given.' : `Unknown command "${group}".`);
	}
	const args: Args = { command: 'run', manifest: MANIFEST_FILE_NAME, mode: 'missing', force: false, yes: false, batch: false, wait: true, names: [] };
	const positional: string[] = [];
	const ids: string[] = [];
	const number = (flag: string, value: string | undefined, min: number): number => {
		const parsed = Number(value);
		if (value === undefined || !Number.isFinite(parsed) || parsed < min) {
			throw new UsageError(`${flag} needs a number of at least ${min}.`);
		}
		return parsed;
	};
	for (let i = 0; i < rest.length; i++) {
		const arg = rest[i];
		switch (arg) {
			case '--missing':
			case '--changed':
			case '--all':
				args.mode = arg.slice(2) as RunMode;
				break;
			case '--id':
				if (rest[i + 1] === undefined) {
					throw new UsageError('--id needs an asset id.');
				}
				ids.push(rest[++i]);
				break;
			case '--force':
				args.force = true;
				break;
			case '--yes':
			case '-y':
				args.yes = true;
				break;
			case '--batch':
				args.batch = true;
				break;
			case '--no-wait':
				args.wait = false;
				break;
			case '--max-cost':
				args.maxCost = number(arg, rest[++i], 0);
				break;
			case '--concurrency':
				args.concurrency = Math.floor(number(arg, rest[++i], 1));
				break;
			case '--rpm':
				args.rpm = number(arg, rest[++i], 0);
				break;
			case '--timeout':
				args.timeoutSeconds = number(arg, rest[++i], 1);
				break;
			case '--endpoint':
				if (rest[i + 1] === undefined) {
					throw new UsageError('--endpoint needs a URL.');
				}
				args.endpoint = rest[++i];
				break;
			default:
				if (arg.startsWith('-')) {
					throw new UsageError(`Unknown option "${arg}".`);
				}
				positional.push(arg);
		}
	}
	if (positional[0] === 'status' || positional[0] === 'cancel') {
		args.command = positional.shift() as 'status' | 'cancel';
	}
	if (positional.length > 0) {
		args.manifest = positional.shift() as string;
	}
	if (args.command === 'cancel') {
		args.names = positional;
	} else if (positional.length > 0) {
		throw new UsageError(`Unexpected argument "${positional[0]}".`);
	}
	if (ids.length > 0) {
		args.mode = { ids };
	}
	return args;
}

function printProblems(io: CliIo, manifestName: string, text: string | undefined, problems: readonly ManifestProblem[]): void {
	for (const problem of problems) {
		const at = text !== undefined ? lineAndColumn(text, problem.offset) : { line: 1, column: 1 };
		(problem.severity === 'error' ? io.err : io.out)(`${manifestName}:${at.line}:${at.column}: ${problem.severity}: ${problem.message}`);
	}
}

function describePlan(preparation: RunPreparation): string {
	const requests = preparation.selected.reduce((sum, item) => sum + item.outputs.length, 0);
	const counts = new Map<string, number>();
	for (const skipped of preparation.skipped) {
		counts.set(skipped.reason, (counts.get(skipped.reason) ?? 0) + 1);
	}
	const rest = [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
	return `Plan: ${preparation.selected.length} asset${preparation.selected.length === 1 ? '' : 's'} (${requests} request${requests === 1 ? '' : 's'}), estimated ${formatEstimate(preparation.estimate)}${rest ? `; skipped: ${rest}` : ''}.`;
}

/** Runs the CLI with the given arguments; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
	let args: Args;
	try {
		args = parseArgs(argv);
	} catch (error) {
		io.err(`${errorMessage(error)}\n${USAGE}`);
		return EXIT.usage;
	}
	const manifestFile = path.resolve(io.cwd, args.manifest);
	const files = new NodeAssetFiles(path.dirname(manifestFile), path.basename(manifestFile));
	const manifestName = path.relative(io.cwd, manifestFile) || path.basename(manifestFile);
	if (args.command === 'status') {
		return status(io, files);
	}
	const apiKey = (io.env.GEMINI_API_KEY ?? '').trim();
	if (apiKey === '') {
		io.err('GEMINI_API_KEY is not set: export your Gemini API key first.');
		return EXIT.usage;
	}
	const secrets = [apiKey];
	const say = (line: string) => io.out(redactSecrets(line, secrets));
	const complain = (line: string) => io.err(redactSecrets(line, secrets));
	const callOptions: CallOptions = {
		apiKey,
		endpoint: args.endpoint ?? io.env.IMAGE_STUDIO_ENDPOINT ?? '',
		timeoutMs: (args.timeoutSeconds ?? 180) * 1000,
		retryPolicy: DEFAULT_RETRY_POLICY,
	};
	let manifestText: string | undefined;
	try {
		manifestText = fs.readFileSync(manifestFile, 'utf8');
	} catch {
		complain(`The asset manifest "${manifestName}" cannot be read.`);
		return EXIT.usage;
	}
	const confirm = async (preparation: RunPreparation): Promise<boolean> => {
		if (args.yes || !needsConfirmation(preparation.estimate)) {
			return true;
		}
		if (!io.isTty) {
			complain(`The estimate (${formatEstimate(preparation.estimate)}) needs confirmation: run again with --yes to accept it.`);
			return false;
		}
		return io.ask(`Estimated ${formatEstimate(preparation.estimate)}. Continue? [y/N] `);
	};
	try {
		if (args.command === 'cancel' || args.batch) {
			return await batchCommand(io, args, files, callOptions, manifestName, manifestText, confirm, say, complain);
		}
		let lastLine = '';
		const result = await runAssets({
			manifestPath: files.manifestPath,
			manifestText,
			files,
			mode: args.mode,
			force: args.force,
			generator: new GeminiImageGenerator(),
			callOptions,
			limits: { ...(args.concurrency ? { concurrency: args.concurrency } : {}), ...(args.rpm !== undefined ? { requestsPerMinute: args.rpm } : {}) },
			signal: io.signal,
			onPlan: (preparation) => say(describePlan(preparation)),
			budget: { maxCostUsd: args.maxCost, confirmAboveUsd: args.yes ? Infinity : undefined, confirm },
			onProgress: (progress) => {
				const line = `[${progress.done + progress.failed}/${progress.total}] ${progress.done} done, ${progress.failed} failed, $${progress.costUsd.toFixed(2)} so far${progress.pausedUntil ? ' (rate limited: paused)' : ''}`;
				if (line !== lastLine && progress.total > 0) {
					lastLine = line;
					say(line);
				}
			},
		});
		return summarise(io, result, manifestName, manifestText, say, complain);
	} catch (error) {
		return failure(error, manifestName, complain);
	}
}

function failure(error: unknown, manifestName: string, complain: (line: string) => void): number {
	const message = errorMessage(error);
	if (error instanceof ImageStudioError && error.code === 'overBudget') {
		complain(message);
		return EXIT.budget;
	}
	if (error instanceof ImageStudioError && (error.code === 'invalidInput' || error.code === 'notFound')) {
		complain(`${manifestName}: ${message}`);
		return EXIT.usage;
	}
	complain(`Error: ${message}`);
	return EXIT.someFailed;
}

function summarise(
	io: CliIo,
	result: RunAssetsResult,
	manifestName: string,
	manifestText: string,
	say: (line: string) => void,
	complain: (line: string) => void,
): number {
	printProblems({ ...io, out: say, err: complain }, manifestName, manifestText, result.problems);
	if (result.lockProblem) {
		complain(`Lock file: ${result.lockProblem}`);
	}
	for (const item of result.generated) {
		say(`generated ${item.id}: ${item.outputs.join(', ')}${item.backups.length > 0 ? ` (backup: ${item.backups.join(', ')})` : ''}`);
	}
	for (const item of result.failed) {
		complain(`failed ${item.id}: ${item.error.message}`);
	}
	if (result.lockError) {
		complain(`The lock file could not be written: ${result.lockError}`);
	}
	const invalid = result.skipped.filter((item) => item.reason === 'invalid').length;
	say(
		`Summary: ${result.generated.length} generated, ${result.failed.length} failed, ${invalid} invalid, ${result.notRun.length} not run, ${result.skipped.length - invalid} skipped; cost about $${result.costUsd.toFixed(2)}.`,
	);
	if (result.stoppedBecause) {
		complain(`Stopped: ${result.stoppedBecause.message}`);
		if (result.notRun.length > 0) {
			complain(`Not run: ${result.notRun.join(', ')}`);
		}
		if (result.stoppedBecause.code === 'cancelled') {
			return EXIT.cancelled;
		}
		if (result.stoppedBecause.code === 'dailyQuota' || result.stoppedBecause.code === 'billingRequired') {
			return EXIT.quota;
		}
		return EXIT.someFailed;
	}
	return result.failed.length > 0 || invalid > 0 || result.notRun.length > 0 ? EXIT.someFailed : EXIT.ok;
}

async function status(io: CliIo, files: NodeAssetFiles): Promise<number> {
	const { lock, problem } = parseLock(await files.readLock());
	if (problem) {
		io.err(`Lock file: ${problem}`);
	}
	const pending = lock.pendingBatches ?? [];
	io.out(`${Object.keys(lock.assets).length} assets in the lock; ${pending.length} pending batch job${pending.length === 1 ? '' : 's'}.`);
	for (const batch of pending) {
		io.out(`${batch.name}: ${batch.model}, ${batch.outputs.length} outputs, submitted ${batch.submittedAt}`);
	}
	return EXIT.ok;
}

async function batchCommand(
	io: CliIo,
	args: Args,
	files: NodeAssetFiles,
	callOptions: CallOptions,
	manifestName: string,
	manifestText: string,
	confirm: (preparation: RunPreparation) => Promise<boolean>,
	say: (line: string) => void,
	complain: (line: string) => void,
): Promise<number> {
	const batchClient = io.batchClient;
	if (!batchClient) {
		complain('Batch mode needs a Gemini batch client.');
		return EXIT.usage;
	}
	if (args.command === 'cancel') {
		const { cancelled, failed } = await cancelAssetsBatch({ files, batchClient, callOptions, names: args.names.length > 0 ? args.names : undefined });
		say(`Cancelled ${cancelled.length} batch job${cancelled.length === 1 ? '' : 's'}.`);
		for (const item of failed) {
			complain(`Could not cancel ${item.name}: ${item.error}`);
		}
		return failed.length > 0 ? EXIT.someFailed : EXIT.ok;
	}
	const submission = await submitAssetsBatch({
		manifestPath: files.manifestPath,
		manifestText,
		files,
		mode: args.mode,
		force: args.force,
		batchClient,
		callOptions,
		budget: {
			maxCostUsd: args.maxCost,
			confirm: (preparation) => {
				say(describePlan(preparation));
				return confirm(preparation);
			},
		},
	});
	printProblems({ ...io, out: say, err: complain }, manifestName, manifestText, submission.preparation.manifest.problems);
	for (const job of submission.submitted) {
		say(`submitted ${job.name}: ${job.model}, ${job.outputs.length} outputs`);
	}
	for (const item of submission.failed) {
		complain(`Could not submit the ${item.model} batch: ${item.error.message}`);
	}
	if (!args.wait) {
		return submission.failed.length > 0 ? EXIT.someFailed : EXIT.ok;
	}
	const collected = await collectBatch({
		files,
		batchClient,
		callOptions,
		waitMs: 24 * 3600_000,
		signal: io.signal,
		onPoll: (s) => say(`${s.name}: ${s.state}`),
	});
	let failures = submission.failed.length;
	for (const job of collected.collected) {
		say(`${job.name}: ${job.state}, ${job.written.length} written`);
		for (const item of job.failed) {
			complain(`failed ${item.key} (${item.path}): ${item.error.message}`);
		}
		if (job.error) {
			complain(`${job.name}: ${job.error}`);
		}
		failures += job.failed.length + (job.error ? 1 : 0);
	}
	if (io.signal?.aborted) {
		return EXIT.cancelled;
	}
	return failures > 0 || collected.stillPending.length > 0 ? EXIT.someFailed : EXIT.ok;
}

/** Runs as a program: real terminal, Ctrl+C aborts the run (a second one exits at once). */
if (require.main === module) {
	const controller = new AbortController();
	process.on('SIGINT', () => {
		if (controller.signal.aborted) {
			process.exit(EXIT.cancelled);
		}
		process.stderr.write('Cancelling: waiting for requests to stop (no partial file is written)…\n');
		controller.abort();
	});
	const ask = (question: string) =>
		new Promise<boolean>((resolve) => {
			const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
			rl.question(question, (answer) => {
				rl.close();
				resolve(/^y(es)?$/i.test(answer.trim()));
			});
		});
	main(process.argv.slice(2), {
		out: (line) => process.stdout.write(`${line}\n`),
		err: (line) => process.stderr.write(`${line}\n`),
		env: process.env,
		cwd: process.cwd(),
		isTty: Boolean(process.stdin.isTTY && process.stderr.isTTY),
		ask,
		signal: controller.signal,
		batchClient: new GeminiBatchClient(),
	}).then(
		(code) => process.exit(code),
		(error) => {
			process.stderr.write(`${errorMessage(error)}\n`);
			process.exit(EXIT.someFailed);
		},
	);
}
