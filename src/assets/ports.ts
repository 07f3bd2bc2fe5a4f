/**
 * What the asset engine needs from the outside, as interfaces: the VS Code side implements them with
 * `workspace.fs` and its backup store, the CLI and the tests with Node's file system (nodeFiles.ts). Every path is
 * relative to the manifest's folder and slash-separated; implementations re-check containment (real paths, links)
 * right before they touch a file.
 */

/** Why an existing output is being replaced: passed to the backup so "Restore" can say what it brings back. */
export interface ReplaceReason {
	readonly assetId: string;
	/** `changed`: the recipe changed; `forced`: regenerated on request (mode `all` or by id). */
	readonly kind: 'changed' | 'forced';
}

export interface AssetFilesPort {
	/** The bytes of a file, or undefined when it does not exist (or is not a regular file). */
	read(relativePath: string): Promise<Uint8Array | undefined>;
	/** Whether a regular file exists there. */
	exists(relativePath: string): Promise<boolean>;
	/**
	 * Creates a new file with exactly these bytes, creating folders as needed; throws (an ImageStudioError
	 * `writeFailed`) when the file already exists: never overwrites. Leaves nothing behind on failure.
	 */
	writeNew(relativePath: string, bytes: Uint8Array): Promise<void>;
	/**
	 * Keeps the current bytes as a backup first (where "Restore" finds them), then replaces the file atomically. Returns
	 * where the backup went, for messages. Leaves the original intact on failure.
	 */
	replaceWithBackup(relativePath: string, bytes: Uint8Array, reason: ReplaceReason): Promise<string>;
	/** The lock file's text, or undefined when there is none. */
	readLock(): Promise<string | undefined>;
	/** Replaces the lock file atomically (temp + rename). */
	writeLock(text: string): Promise<void>;
}

/** Time for the scheduler and batch polling, injectable so tests run on a fake clock. */
export interface Clock {
	now(): number;
	/** Waits `ms`; rejects (AbortError) as soon as `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
