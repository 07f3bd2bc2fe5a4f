/**
 * What Gemini requests cost, by the catalog's estimate: this window's session in memory and the workspace's running
 * totals in workspace state. Aggregates only (by model and by source), so the record never grows with use; no
 * prompts, paths or keys are kept.
 */
import * as vscode from 'vscode';

/** Where a request came from, for the breakdown. */
export type UsageSource = 'generate' | 'edit' | 'compose' | 'studio' | 'assets' | 'batch';

export interface UsageEntry {
	readonly source: UsageSource;
	readonly model: string;
	/** Images the request returned. */
	readonly images: number;
	/** Estimated price in US dollars; undefined when the catalog has no price for the model. */
	readonly costUsd: number | undefined;
}

export interface UsageLine {
	requests: number;
	images: number;
	costUsd: number;
	/** Requests whose price the catalog does not know (not counted in `costUsd`). */
	unpriced: number;
}

export interface UsageTotals extends UsageLine {
	/** When these totals started (ISO time). */
	readonly since: string;
	readonly byModel: Record<string, UsageLine>;
	readonly bySource: Record<string, UsageLine>;
}

const WORKSPACE_KEY = 'imageStudio.usage';
/** Models named in the breakdown before the rest are summed as "other" (an ID from a bad reply cannot grow the record). */
const MAX_MODELS = 50;

export class UsageLedger implements vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<void>();
	/** Fired after each recorded request and after a reset. */
	readonly onDidChange = this._onDidChange.event;
	private _session: UsageTotals = emptyTotals();
	/** Serialises workspace-state updates, so two requests finishing together both count. */
	private _writes: Promise<void> = Promise.resolve();

	constructor(private readonly _workspaceState: vscode.Memento) {}

	/** A copy: callers keep a snapshot, never the live record. */
	get session(): UsageTotals {
		return structuredClone(this._session);
	}

	get workspace(): UsageTotals {
		return readTotals(this._workspaceState.get<unknown>(WORKSPACE_KEY));
	}

	record(entry: UsageEntry): Promise<void> {
		add(this._session, entry);
		this._writes = this._writes
			.then(async () => {
				const totals = this.workspace;
				add(totals, entry);
				await this._workspaceState.update(WORKSPACE_KEY, totals);
			})
			.catch(() => undefined)
			.finally(() => this._onDidChange.fire());
		return this._writes;
	}

	/** Starts the workspace's totals again (the session's stay). */
	async resetWorkspace(): Promise<void> {
		await this._writes;
		await this._workspaceState.update(WORKSPACE_KEY, undefined);
		this._onDidChange.fire();
	}

	dispose(): void {
		this._onDidChange.dispose();
	}
}

function emptyLine(): UsageLine {
	return { requests: 0, images: 0, costUsd: 0, unpriced: 0 };
}

function emptyTotals(): UsageTotals {
	return { ...emptyLine(), since: new Date().toISOString(), byModel: {}, bySource: {} };
}

function addTo(line: UsageLine, entry: UsageEntry): void {
	line.requests += 1;
	line.images += Math.max(0, Math.floor(entry.images));
	if (entry.costUsd === undefined || !Number.isFinite(entry.costUsd) || entry.costUsd < 0) {
		line.unpriced += 1;
	} else {
		line.costUsd += entry.costUsd;
	}
}

function add(totals: UsageTotals, entry: UsageEntry): void {
	addTo(totals, entry);
	const model = entry.model in totals.byModel || Object.keys(totals.byModel).length < MAX_MODELS ? entry.model : 'other';
	addTo((totals.byModel[model] ??= emptyLine()), entry);
	addTo((totals.bySource[entry.source] ??= emptyLine()), entry);
}

function readLine(value: unknown): UsageLine | undefined {
	if (!value || typeof value !== 'object') {
		return undefined;
	}
	const record = value as Record<string, unknown>;
	const count = (key: string) =>
		typeof record[key] === 'number' && Number.isFinite(record[key]) && (record[key] as number) >= 0 ? (record[key] as number) : 0;
	return { requests: count('requests'), images: count('images'), costUsd: count('costUsd'), unpriced: count('unpriced') };
}

function readBreakdown(value: unknown): Record<string, UsageLine> {
	const result: Record<string, UsageLine> = {};
	if (value && typeof value === 'object') {
		for (const [key, line] of Object.entries(value as Record<string, unknown>).slice(0, MAX_MODELS + 1)) {
			const parsed = readLine(line);
			if (parsed) {
				result[key] = parsed;
			}
		}
	}
	return result;
}

/** The stored totals, checked field by field: a damaged record reads as what can be salvaged, never throws. */
function readTotals(value: unknown): UsageTotals {
	const line = readLine(value);
	if (!line) {
		return emptyTotals();
	}
	const record = value as Record<string, unknown>;
	return {
		...line,
		since: typeof record.since === 'string' && !Number.isNaN(Date.parse(record.since)) ? record.since : new Date().toISOString(),
		byModel: readBreakdown(record.byModel),
		bySource: readBreakdown(record.bySource),
	};
}
