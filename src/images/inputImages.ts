/**
 * Reading the user's images as inputs for Gemini: by content (magic bytes), never trusting the extension, and
 * checked against the model's catalog entry before anything is sent.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { sha256 } from '../core/hash';
import { errorMessage, ImageStudioError } from '../core/errors';
import type { ModelInfo } from '../gemini/modelCatalog';
import { isPathInside } from '../core/paths';
import { ImageDimensions, readImageDimensions, sniffImageType } from '../core/imageType';

/** Larger inputs are refused outright: more than Google accepts in one request. */
export const MAX_INPUT_BYTES = 100 * 1024 * 1024;

export interface InputImageFile {
	readonly uri: vscode.Uri;
	readonly name: string;
	readonly bytes: Uint8Array;
	readonly mimeType: string;
	readonly extension: string;
	readonly dimensions?: ImageDimensions;
	readonly sha256: string;
	/** The file's extension says one type, the bytes another (e.g. `.png` holding JPEG). */
	readonly mislabelled: boolean;
}

const UNSUPPORTED_NAMES: Record<string, string> = {
	'image/svg+xml': 'SVG',
	'image/gif': 'GIF',
	'image/tiff': 'TIFF',
	'image/bmp': 'BMP',
};

export async function readInputImage(uri: vscode.Uri, model: ModelInfo): Promise<InputImageFile> {
	const name = uri.path.split('/').pop() || uri.toString();
	let stat: vscode.FileStat;
	try {
		stat = await vscode.workspace.fs.stat(uri);
	} catch {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} no longer exists. It may have been moved or deleted.', name));
	}
	if ((stat.type & vscode.FileType.Directory) !== 0) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is a folder, not an image.', name));
	}
	await assertInsideWorkspace(uri, name);
	if (stat.size === 0) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is empty (0 bytes). Choose a PNG, JPEG or WebP image.', name));
	}
	if (stat.size > MAX_INPUT_BYTES) {
		throw new ImageStudioError(
			'inputImage',
			vscode.l10n.t(
				'{0} is {1}; Gemini accepts at most {2} per request. Use a smaller image.',
				name,
				formatBytes(stat.size),
				formatBytes(MAX_INPUT_BYTES),
			),
		);
	}
	let bytes: Uint8Array;
	try {
		bytes = await vscode.workspace.fs.readFile(uri);
	} catch (error) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('Could not read {0}: {1}', name, errorMessage(error)));
	}
	const type = sniffImageType(bytes);
	if (!type) {
		throw new ImageStudioError(
			'inputImage',
			vscode.l10n.t('{0} is not an image Gemini can read (its content is not PNG, JPEG, WebP, HEIC or HEIF).', name),
		);
	}
	if (UNSUPPORTED_NAMES[type.mimeType] || !model.inputMimeTypes.includes(type.mimeType)) {
		throw refusedImageType(name, type.mimeType, model);
	}
	if (isTruncated(bytes, type.mimeType)) {
		throw new ImageStudioError(
			'inputImage',
			vscode.l10n.t('{0} looks truncated or damaged (the image data ends early). Re-export it and try again.', name),
		);
	}
	const declared = (name.split('.').pop() ?? '').toLowerCase();
	const mislabelled =
		!!declared && declared !== type.extension && !(declared === 'jpeg' && type.extension === 'jpg') && !(declared === 'heif' && type.extension === 'heic');
	return {
		uri,
		name,
		bytes,
		mimeType: type.mimeType,
		extension: type.extension,
		dimensions: readImageDimensions(bytes),
		sha256: sha256(bytes),
		mislabelled,
	};
}

/**
 * The bytes of a workspace image for local processing (no model involved): the same checks as readInputImage before
 * reading (exists, not a folder, inside a workspace folder also through links, not empty, at most `maxBytes`). The
 * content is not typed here: the caller's decoder does that.
 */
export async function readWorkspaceImageBytes(uri: vscode.Uri, maxBytes = MAX_INPUT_BYTES): Promise<{ readonly name: string; readonly bytes: Uint8Array }> {
	const name = uri.path.split('/').pop() || uri.toString();
	let stat: vscode.FileStat;
	try {
		stat = await vscode.workspace.fs.stat(uri);
	} catch {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} does not exist. It may have been moved or deleted.', name));
	}
	if ((stat.type & vscode.FileType.Directory) !== 0) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is a folder, not an image.', name));
	}
	await assertInsideWorkspace(uri, name);
	if (stat.size === 0) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is empty (0 bytes). Choose a PNG, JPEG or WebP image.', name));
	}
	if (stat.size > maxBytes) {
		throw new ImageStudioError(
			'inputImage',
			vscode.l10n.t('{0} is {1}, more than the {2} this command reads.', name, formatBytes(stat.size), formatBytes(maxBytes)),
		);
	}
	try {
		return { name, bytes: await vscode.workspace.fs.readFile(uri) };
	} catch (error) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('Could not read {0}: {1}', name, errorMessage(error)));
	}
}

/** The error for an image whose type (by content) `model` does not take: "photo.heic is a HEIC image, which …". */
export function refusedImageType(name: string, mimeType: string, model: ModelInfo): ImageStudioError {
	const what = UNSUPPORTED_NAMES[mimeType] ?? typeName(mimeType);
	return new ImageStudioError(
		'inputImage',
		/^[AEIOU]/.test(what)
			? vscode.l10n.t(
					'{0} is an {1} image, which {2} does not accept. Convert it to {3}.',
					name,
					what,
					model.id,
					model.inputMimeTypes.map(typeName).join(', '),
				)
			: vscode.l10n.t(
					'{0} is a {1} image, which {2} does not accept. Convert it to {3}.',
					name,
					what,
					model.id,
					model.inputMimeTypes.map(typeName).join(', '),
				),
	);
}

/** `image/heic` → `HEIC`. */
function typeName(mimeType: string): string {
	return mimeType.replace('image/', '').toUpperCase();
}

/** PNG must end with its IEND chunk, JPEG with the EOI marker (trailing padding tolerated). */
function isTruncated(bytes: Uint8Array, mimeType: string): boolean {
	if (mimeType === 'image/png') {
		const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64)));
		return !tail.includes(Buffer.from('IEND', 'latin1'));
	}
	if (mimeType === 'image/jpeg') {
		for (let i = bytes.length - 1; i >= Math.max(1, bytes.length - 1024); i--) {
			if (bytes[i] === 0xd9 && bytes[i - 1] === 0xff) {
				return false;
			}
		}
		return true;
	}
	return false;
}

/** A link inside the workspace may point anywhere: inputs are only read from inside a workspace folder. */
async function assertInsideWorkspace(uri: vscode.Uri, name: string): Promise<void> {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	if (!folder) {
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is not inside an open workspace folder.', name));
	}
	if (uri.scheme !== 'file') {
		return;
	}
	try {
		const [realRoot, realFile] = await Promise.all([fs.promises.realpath(folder.uri.fsPath), fs.promises.realpath(uri.fsPath)]);
		if (!isPathInside(realRoot, realFile, process.platform === 'win32' || process.platform === 'darwin')) {
			throw new ImageStudioError('inputImage', vscode.l10n.t('{0} is a link to a file outside the workspace; it is not sent to Gemini.', name));
		}
	} catch (error) {
		if (error instanceof ImageStudioError) {
			throw error;
		}
		throw new ImageStudioError('inputImage', vscode.l10n.t('{0} no longer exists. It may have been moved or deleted.', name));
	}
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) {
		return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
	}
	return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** Resolves a command argument (workspace-relative path, URI string or Uri) to a Uri inside the workspace. */
export function resolveUriArgument(value: unknown): vscode.Uri | undefined {
	if (value instanceof vscode.Uri) {
		return value;
	}
	if (typeof value !== 'string' || value.trim() === '' || value.length > 4096) {
		return undefined;
	}
	const text = value.trim();
	if (/^[a-z][a-z0-9+.-]+:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) {
		let uri: vscode.Uri;
		try {
			uri = vscode.Uri.parse(text, true);
		} catch {
			return undefined;
		}
		// `Uri.parse` keeps `.` and `..` segments, and "inside the workspace" compares path prefixes: a URI with dot
		// segments is refused before anything looks at it (no probing whether files outside exist).
		return uri.path.split('/').some((segment) => segment === '.' || segment === '..') ? undefined : uri;
	}
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		return undefined;
	}
	const segments = text.split(/[\\/]+/).filter((segment) => segment && segment !== '.');
	if (segments.includes('..') || /^([\\/]|[a-z]:)/i.test(text)) {
		return undefined;
	}
	return vscode.Uri.joinPath(folder.uri, ...segments);
}
