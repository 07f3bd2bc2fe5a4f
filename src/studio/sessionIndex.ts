/**
 * `studio/sessions-index.json`: what the studio's conversation list shows of every stored session (id, title, dates,
 * turn count, model), so a list refresh reads one small file instead of parsing every session.json. The store keeps
 * it in step on save, delete, restore and prune, and rebuilds it from the session files when it is missing or damaged.
 * Pure (no `vscode`): unit-tested in plain Node.
 */
import { isRecord } from '../shared/protocol';
import type { StudioSession } from './session';

export const SESSION_INDEX_FILE = 'sessions-index.json';

/** One readable session as the list shows it. */
export interface SessionIndexEntry {
	readonly id: string;
	readonly title: string;
	readonly updatedAt: string;
	readonly turnCount: number;
	readonly model: string;
}

/** A session folder whose session.json could not be read, and why (reported, skipped). */
export interface DamagedSessionEntry {
	readonly id: string;
	readonly reason: string;
}

export interface SessionIndex {
	readonly sessions: SessionIndexEntry[];
	readonly damaged: DamagedSessionEntry[];
}

export function indexEntry(session: StudioSession): SessionIndexEntry {
	return { id: session.id, title: session.title, updatedAt: session.updatedAt, turnCount: session.turns.length, model: session.model };
}

/** Newest first; equal dates by id, so the order does not depend on how the entries were found. */
export function sortIndex(index: SessionIndex): SessionIndex {
	return {
		sessions: [...index.sessions].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id)),
		damaged: [...index.damaged].sort((a, b) => a.id.localeCompare(b.id)),
	};
}

/** Puts `entry` in place of any entry (readable or damaged) with its id. */
export function withEntry(index: SessionIndex, entry: SessionIndexEntry): SessionIndex {
	return sortIndex({
		sessions: [...index.sessions.filter((other) => other.id !== entry.id), entry],
		damaged: index.damaged.filter((other) => other.id !== entry.id),
	});
}

/** Puts a damaged entry in place of any entry with its id. */
export function withDamaged(index: SessionIndex, entry: DamagedSessionEntry): SessionIndex {
	return sortIndex({
		sessions: index.sessions.filter((other) => other.id !== entry.id),
		damaged: [...index.damaged.filter((other) => other.id !== entry.id), entry],
	});
}

export function withoutIds(index: SessionIndex, ids: ReadonlySet<string>): SessionIndex {
	return { sessions: index.sessions.filter((entry) => !ids.has(entry.id)), damaged: index.damaged.filter((entry) => !ids.has(entry.id)) };
}

/** Every id the index knows, readable or damaged. */
export function indexedIds(index: SessionIndex): Set<string> {
	return new Set([...index.sessions.map((entry) => entry.id), ...index.damaged.map((entry) => entry.id)]);
}

export function serializeSessionIndex(index: SessionIndex): string {
	return JSON.stringify({ version: 1, ...sortIndex(index) }, null, '\t') + '\n';
}

function isEntry(value: unknown, isId: (id: string) => boolean): value is SessionIndexEntry {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		isId(value.id) &&
		typeof value.title === 'string' &&
		typeof value.updatedAt === 'string' &&
		typeof value.model === 'string' &&
		typeof value.turnCount === 'number' &&
		Number.isInteger(value.turnCount) &&
		value.turnCount >= 0
	);
}

function isDamaged(value: unknown, isId: (id: string) => boolean): value is DamagedSessionEntry {
	return isRecord(value) && typeof value.id === 'string' && isId(value.id) && typeof value.reason === 'string';
}

/**
 * Reads sessions-index.json; undefined when it is not a valid index (the caller rebuilds it). `isId` checks the ids,
 * which later become folder names. Only the fields the list uses are kept.
 */
export function parseSessionIndex(text: string, isId: (id: string) => boolean): SessionIndex | undefined {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isRecord(value) || value.version !== 1 || !Array.isArray(value.sessions) || !Array.isArray(value.damaged)) {
		return undefined;
	}
	if (!value.sessions.every((entry) => isEntry(entry, isId)) || !value.damaged.every((entry) => isDamaged(entry, isId))) {
		return undefined;
	}
	const sessions = (value.sessions as SessionIndexEntry[]).map(({ id, title, updatedAt, turnCount, model }) => ({ id, title, updatedAt, turnCount, model }));
	const damaged = (value.damaged as DamagedSessionEntry[]).map(({ id, reason }) => ({ id, reason }));
	if (new Set([...sessions, ...damaged].map((entry) => entry.id)).size !== sessions.length + damaged.length) {
		return undefined;
	}
	return sortIndex({ sessions, damaged });
}
