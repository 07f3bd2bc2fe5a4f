// Runs the fake Gemini server as a process, for `npm run fake-gemini`, the
// `npm run try` launcher and black-box tests that script it over /__fake/.
// Usage: node out/test/fake-gemini/cli.js [--port N] [--host H] [--lenient-signatures] [--delay MS]
//        [--valid-key K]... [--free-tier-key K]... [--extra-model ID]... [--models-per-page N] [--no-shutdowns]
import { FakeGemini, FakeGeminiOptions, RecordedRequest } from './server';

interface CliArgs {
	port: number;
	host: string;
	/** Strict signature checks (the default; `--lenient-signatures` turns them off). */
	strictSignatures: boolean;
	delayMs: number;
	validKeys: string[];
	/** Keys whose every generate request gets the free-tier 429 (no billing). */
	freeTierKeys: string[];
	/** IDs served as image models with default capabilities, as if known only from models.list. */
	extraModels: string[];
	/** undefined: the fake's default (2). */
	modelsPerPage?: number;
	noShutdowns: boolean;
}

const USAGE =
	'Usage: cli.js [--port N] [--host H] [--lenient-signatures] [--delay MS] [--valid-key K]... ' +
	'[--free-tier-key K]... [--extra-model ID]... [--models-per-page N] [--no-shutdowns]';

function usage(message: string): never {
	process.stderr.write(`${message}\n${USAGE}\n`);
	process.exit(2);
}

export function parseArgs(argv: string[]): CliArgs {
	const args: CliArgs = {
		port: 0,
		host: '127.0.0.1',
		strictSignatures: true,
		delayMs: 0,
		validKeys: [],
		freeTierKeys: [],
		extraModels: [],
		noShutdowns: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = (): string => {
			const v = argv[++i];
			if (v === undefined) {
				usage(`${a} needs a value`);
			}
			return v;
		};
		const number = (): number => {
			const v = Number(value());
			if (!Number.isInteger(v) || v < 0) {
				usage(`${a} needs a non-negative integer`);
			}
			return v;
		};
		switch (a) {
			case '--port':
				args.port = number();
				break;
			case '--host':
				args.host = value();
				break;
			// Strict is the default; the flag stays accepted for older scripts.
			case '--strict-signatures':
				args.strictSignatures = true;
				break;
			case '--lenient-signatures':
				args.strictSignatures = false;
				break;
			case '--delay':
				args.delayMs = number();
				break;
			case '--valid-key':
				args.validKeys.push(value());
				break;
			case '--free-tier-key':
				args.freeTierKeys.push(value());
				break;
			case '--extra-model':
				args.extraModels.push(value());
				break;
			case '--models-per-page': {
				const n = number();
				if (n < 1) {
					usage('--models-per-page needs a positive integer');
				}
				args.modelsPerPage = n;
				break;
			}
			case '--no-shutdowns':
				args.noShutdowns = true;
				break;
			case '--help':
			case '-h':
				usage('Fake Gemini server');
				break;
			default:
				usage(`unknown argument ${a}`);
		}
	}
	return args;
}

function describe(r: RecordedRequest): string {
	const outcome = r.status !== undefined ? String(r.status) : r.closedByClient ? 'closed-by-client' : 'no-reply';
	const ms = r.finishedAt !== undefined ? ` ${r.finishedAt - r.receivedAt}ms` : '';
	// Never the API key: logs get pasted into bug reports.
	return `#${r.id} ${r.method} ${r.path}${r.query ? '?' + r.query.replace(/(^|&)key=[^&]*/g, '$1key=REDACTED') : ''} model=${r.model ?? '-'} status=${outcome}${r.closedByClient && r.status !== undefined ? ' (closed by client)' : ''}${ms}`;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	// Base options: they survive POST /__fake/reset.
	const base: Partial<FakeGeminiOptions> = {
		strictSignatures: args.strictSignatures,
		defaultDelayMs: args.delayMs,
		freeTierKeys: args.freeTierKeys,
		extraModels: args.extraModels.map((id) => ({ id })),
	};
	if (args.validKeys.length > 0) {
		base.validKeys = args.validKeys;
	}
	if (args.modelsPerPage !== undefined) {
		base.modelsPerPage = args.modelsPerPage;
	}
	if (args.noShutdowns) {
		base.shutDownModels = [];
	}
	const fake = new FakeGemini(base);
	fake.on('settled', (r: RecordedRequest) => process.stdout.write(`${describe(r)}\n`));
	fake.on('control', (method: string, path: string) => process.stdout.write(`control ${method} ${path}\n`));
	const url = await fake.start(args.port, args.host);
	process.stdout.write(`Fake Gemini listening on ${url}\n`);
	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) {
			return;
		}
		stopping = true;
		process.stdout.write(`Fake Gemini stopping (${signal})\n`);
		fake.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((err) => {
		process.stderr.write(`Fake Gemini failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exit(1);
	});
}
