/**
 * What the provenance commands need from the workspace: the record of an image file, the input images of a record
 * found again by their hash, and a read-only JSON document that shows a record (no HTML: the prompt is data).
 */
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { sha256 } from '../core/hash';
import type { ProvenanceInput, ProvenanceRecord } from '../core/provenance';
import type { FoundProvenance, ProvenanceStore } from './provenanceStore';

/** Image files larger than this are not read for their provenance. */
const MAX_IMAGE_BYTES = 100 * 1024 * 1024;
/** Workspace images hashed at most when looking for a moved input. */
const MAX_CANDIDATES = 2000;

export const PROVENANCE_SCHEME = 'image-studio-provenance';

/** The record of the image at `uri` (embedded first, else by its hash), or undefined; throws when it cannot be read. */
export async function provenanceOfFile(store: ProvenanceStore, uri: vscode.Uri): Promise<FoundProvenance | undefined> {
	const name = uri.path.split('/').pop() ?? uri.toString();
	let stat: vscode.FileStat;
	try {
		stat = await vscode.workspace.fs.stat(uri);
	} catch {
		throw new ImageStudioError('notFound', vscode.l10n.t('{0} does not exist.', name));
	}
	if ((stat.type & vscode.FileType.File) === 0 || stat.size > MAX_IMAGE_BYTES) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('{0} is not an image file that can be read (a folder, or larger than 100 MB).', name));
	}
	return store.lookup(await vscode.workspace.fs.readFile(uri));
}

/** An input image found again: its bytes and where it is now. */
export interface FoundInput {
	readonly input: ProvenanceInput;
	readonly uri: vscode.Uri;
	readonly bytes: Uint8Array;
}

/**
 * The inputs of a record read back from the workspace by their SHA-256: at their recorded workspace-relative path
 * first, else any image file of the workspace with the same hash. Throws an `inputImage` error naming the first one
 * that is nowhere to be found.
 */
export async function findInputs(record: ProvenanceRecord): Promise<FoundInput[]> {
	const found: FoundInput[] = [];
	let candidates: vscode.Uri[] | undefined;
	const hashed = new Map<string, { uri: vscode.Uri; bytes: Uint8Array }>();
	for (const [index, input] of record.inputs.entries()) {
		let match = input.name ? await atPath(input) : undefined;
		if (!match) {
			candidates ??= await vscode.workspace.findFiles(
				'**/*.{png,jpg,jpeg,webp,heic,heif,PNG,JPG,JPEG,WEBP,HEIC,HEIF}',
				'**/node_modules/**',
				MAX_CANDIDATES,
			);
			for (const candidate of candidates) {
				const key = candidate.toString();
				if (!hashed.has(key)) {
					const bytes = await readSmall(candidate);
					if (bytes) {
						hashed.set(key, { uri: candidate, bytes });
					}
				}
				const entry = hashed.get(key);
				if (entry && sha256(entry.bytes) === input.sha256) {
					match = entry;
					break;
				}
			}
		}
		if (!match) {
			const which = input.name ? `"${input.name}"` : vscode.l10n.t('number {0}', index + 1);
			throw new ImageStudioError(
				'inputImage',
				vscode.l10n.t(
					'Input image {0} of this recipe is no longer in the workspace (no image file has its SHA-256 {1}…), so nothing was sent. Put the image back, or edit the current file instead.',
					which,
					input.sha256.slice(0, 12),
				),
			);
		}
		found.push({ input, uri: match.uri, bytes: match.bytes });
	}
	return found;
}

async function atPath(input: ProvenanceInput): Promise<{ uri: vscode.Uri; bytes: Uint8Array } | undefined> {
	for (const folder of vscode.workspace.workspaceFolders ?? []) {
		if (!input.name || input.name.split('/').some((segment) => segment === '..') || input.name.startsWith('/')) {
			return undefined;
		}
		// `asRelativePath` prefixes the folder's name in multi-root workspaces.
		const relative =
			(vscode.workspace.workspaceFolders?.length ?? 0) > 1 && input.name.startsWith(`${folder.name}/`)
				? input.name.slice(folder.name.length + 1)
				: input.name;
		const uri = vscode.Uri.joinPath(folder.uri, relative);
		const bytes = await readSmall(uri);
		if (bytes && sha256(bytes) === input.sha256) {
			return { uri, bytes };
		}
	}
	return undefined;
}

async function readSmall(uri: vscode.Uri): Promise<Uint8Array | undefined> {
	try {
		const stat = await vscode.workspace.fs.stat(uri);
		return (stat.type & vscode.FileType.File) !== 0 && stat.size <= MAX_IMAGE_BYTES ? await vscode.workspace.fs.readFile(uri) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Read-only documents `image-studio-provenance:/<name>.provenance.json?<file sha256>` showing a record as JSON. The
 * text is kept for the documents opened in this window; after a reload the record is looked up again by the hash.
 */
export class ProvenanceDocuments implements vscode.TextDocumentContentProvider {
	private readonly _texts = new Map<string, string>();

	constructor(private readonly _store: ProvenanceStore) {}

	/** The URI of a document showing `found` for the file `file`. */
	show(file: vscode.Uri, found: FoundProvenance): vscode.Uri {
		const name = (file.path.split('/').pop() ?? 'image').replace(/[^\w.-]+/g, '_');
		const uri = vscode.Uri.from({ scheme: PROVENANCE_SCHEME, path: `/${name}.provenance.json`, query: found.fileSha256 });
		this._texts.set(uri.toString(), describe(vscode.workspace.asRelativePath(file, false), found));
		return uri;
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const known = this._texts.get(uri.toString());
		if (known !== undefined) {
			return known;
		}
		const record = await this._store.get(uri.query);
		return record ? describe(uri.path.slice(1).replace(/\.provenance\.json$/, ''), { record, source: 'storage', fileSha256: uri.query }) : '{}\n';
	}
}

function describe(file: string, found: FoundProvenance): string {
	return (
		JSON.stringify(
			{
				file,
				fileSha256: found.fileSha256,
				foundIn: found.source === 'embedded' ? 'the file itself' : 'extension storage',
				record: found.record,
			},
			null,
			'\t',
		) + '\n'
	);
}
