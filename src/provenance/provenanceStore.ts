/**
 * Provenance records in extension storage: `<globalStorage>/provenance/<sha256 of the file's bytes>.json`, one file
 * per written image, written atomically (temporary file + rename), bounded by `imageStudio.storage.maxProvenanceRecords`
 * (oldest pruned first). Nothing goes into the workspace unless `imageStudio.provenance.embedInFile` is on: then the
 * bytes written carry the record too (see src/core/imageMetadata.ts), and the stored copy is kept as well.
 *
 * Why global storage: a record is keyed by content, so it follows the file across workspaces, renames and copies.
 *
 * With embedding on, the record is put into the bytes before the one exclusive write (a file is never rewritten to
 * add metadata), so `resultSha256` is the hash of the image as generated and the file's own hash differs by the
 * metadata. Lookups therefore read the embedded record first, then the store by the file's hash.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { readConfig } from '../config';
import { errorMessage } from '../core/errors';
import { sha256 } from '../core/hash';
import { embedText, readEmbeddedText } from '../core/imageMetadata';
import { parseProvenanceJson, ProvenanceRecord, serializeProvenance } from '../core/provenance';
import type { Logger } from '../log';
import type { ProvenanceDraft } from './provenanceRecord';

/** The bytes to write and the record that describes them. */
export interface SealedResult {
	readonly bytes: Uint8Array;
	readonly record: ProvenanceRecord;
	/** The record is inside `bytes`. */
	readonly embedded: boolean;
}

export interface FoundProvenance {
	readonly record: ProvenanceRecord;
	/** Where it was found: inside the file, or in extension storage by the file's hash. */
	readonly source: 'embedded' | 'storage';
	/** SHA-256 of the file's bytes as read. */
	readonly fileSha256: string;
}

const KEY_FILE = /^([a-f0-9]{64})\.json$/;

export class ProvenanceStore {
	/** Records written since activation (tests and the log). */
	written = 0;

	constructor(
		private readonly _root: vscode.Uri,
		private readonly _extension: { readonly name: string; readonly version: string },
		private readonly _log: Logger,
	) {}

	get root(): vscode.Uri {
		return this._root;
	}

	/**
	 * The record of `bytes` (the image as generated) and the bytes to write: with `embed`, the image carrying the
	 * record (when its format can: a file already holding someone else's XMP, or a record too large for a JPEG
	 * segment, is written plain and the record kept in storage only, which the log says).
	 */
	seal(draft: ProvenanceDraft, bytes: Uint8Array, embed = readConfig().embedProvenance): SealedResult {
		const record: ProvenanceRecord = {
			version: 1,
			...draft,
			resultSha256: sha256(bytes),
			extension: { name: this._extension.name, version: this._extension.version },
		};
		if (!embed) {
			return { bytes, record, embedded: false };
		}
		const embedded = embedText(bytes, serializeProvenance(record));
		if (!embedded) {
			this._log.warn('Provenance: this image cannot carry the record (format, existing XMP or size); it is kept in extension storage only.');
		}
		return embedded ? { bytes: embedded, record, embedded: true } : { bytes, record, embedded: false };
	}

	/**
	 * Keeps the record of a file just written, under the hash of the bytes written. Never throws: provenance must not
	 * turn a saved image into a failure (the log says what went wrong).
	 */
	async remember(sealed: Pick<SealedResult, 'bytes' | 'record'>): Promise<void> {
		try {
			await this.put(sha256(sealed.bytes), sealed.record);
			void this.prune(readConfig().storage.maxProvenanceRecords).catch((error: unknown) =>
				this._log.warn(`Provenance: pruning failed: ${errorMessage(error)}`),
			);
		} catch (error) {
			this._log.warn(`Provenance: the record could not be stored: ${errorMessage(error)}`);
		}
	}

	/** Writes `record` as `<fileSha256>.json`, atomically. */
	async put(fileSha256: string, record: ProvenanceRecord): Promise<void> {
		if (!/^[a-f0-9]{64}$/.test(fileSha256)) {
			throw new Error('Provenance: not a SHA-256 key');
		}
		await vscode.workspace.fs.createDirectory(this._root);
		const target = vscode.Uri.joinPath(this._root, `${fileSha256}.json`);
		const temp = vscode.Uri.joinPath(this._root, `.${fileSha256}.${crypto.randomBytes(6).toString('hex')}.tmp`);
		await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify(JSON.parse(serializeProvenance(record)), null, '\t') + '\n'));
		try {
			await vscode.workspace.fs.rename(temp, target, { overwrite: true });
		} catch (error) {
			await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
			throw error;
		}
		this.written++;
	}

	/** The stored record of a file hash, if there is a valid one. */
	async get(fileSha256: string): Promise<ProvenanceRecord | undefined> {
		if (!/^[a-f0-9]{64}$/.test(fileSha256)) {
			return undefined;
		}
		let text: string;
		try {
			text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this._root, `${fileSha256}.json`)));
		} catch {
			return undefined;
		}
		const record = parseProvenanceJson(text);
		if (!record) {
			this._log.warn(`Provenance: the stored record ${fileSha256}.json is not valid; ignored.`);
		}
		return record;
	}

	/** The record of an image's bytes: the embedded one first (when valid), else the stored one by the bytes' hash. */
	async lookup(bytes: Uint8Array): Promise<FoundProvenance | undefined> {
		const fileSha256 = sha256(bytes);
		const text = readEmbeddedText(bytes);
		if (text !== undefined) {
			const record = parseProvenanceJson(text);
			if (record) {
				return { record, source: 'embedded', fileSha256 };
			}
			this._log.warn('Provenance: the record embedded in this image is not valid; ignored.');
		}
		const stored = await this.get(fileSha256);
		return stored ? { record: stored, source: 'storage', fileSha256 } : undefined;
	}

	/** Keeps the newest `max` records (by modification time); 0 keeps everything. Resolves to how many were removed. */
	async prune(max: number): Promise<number> {
		if (max <= 0) {
			return 0;
		}
		let entries: [string, vscode.FileType][];
		try {
			entries = await vscode.workspace.fs.readDirectory(this._root);
		} catch {
			return 0;
		}
		const records = entries.filter(([name, type]) => type === vscode.FileType.File && KEY_FILE.test(name)).map(([name]) => name);
		if (records.length <= max) {
			return 0;
		}
		const dated = await Promise.all(
			records.map(async (name) => {
				const uri = vscode.Uri.joinPath(this._root, name);
				const stat = await vscode.workspace.fs.stat(uri).then(
					(value) => value.mtime,
					() => 0,
				);
				return { uri, mtime: stat, name };
			}),
		);
		dated.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
		let removed = 0;
		for (const entry of dated.slice(0, records.length - max)) {
			await vscode.workspace.fs.delete(entry.uri).then(
				() => removed++,
				() => undefined,
			);
		}
		if (removed > 0) {
			this._log.info(`Provenance: pruned ${removed} oldest record(s) (limit ${max}).`);
		}
		return removed;
	}
}
