/**
 * Paths in an asset manifest: relative to the manifest's folder, slash-separated, and never leaving it. Pure: the
 * text alone is judged here; the files port checks real paths (symbolic links) again right before each write.
 */
import * as l10n from '@vscode/l10n';
import { INVISIBLE_OR_BIDI, WINDOWS_RESERVED } from '../workspace/fileNaming';

/** Image types an asset may be written as (what Gemini image models return). */
export const OUTPUT_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const;

/** Folders no asset is written into or read from: writing there can run code or change the editor's configuration. */
const SENSITIVE_FIRST_SEGMENTS = new Set(['.vscode', '.git', '.github', '.devcontainer', '.imagestudio', 'node_modules']);

/** Checks a manifest path; returns why it is refused, or undefined when it is fine. */
export function manifestPathProblem(raw: string): string | undefined {
	if (raw.trim() === '') {
		return l10n.t('is empty');
	}
	if (raw.length > 400) {
		return l10n.t('is longer than 400 characters');
	}
	if (/[\u0000-\u001f\u007f]/.test(raw) || new RegExp(INVISIBLE_OR_BIDI.source).test(raw)) {
		return l10n.t('contains control or invisible characters');
	}
	if (raw.includes('\\')) {
		return l10n.t('contains a backslash: use "/" between folders');
	}
	if (raw.startsWith('/') || /^[a-z]:/i.test(raw) || raw.startsWith('~')) {
		return l10n.t("is absolute: write it relative to the manifest's folder");
	}
	if (/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
		return l10n.t("is a URI: write a path relative to the manifest's folder");
	}
	let decoded = raw;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		// Not percent-encoded: judged as written.
	}
	const segments = raw.split('/');
	if (decoded.split('/').some((segment) => segment === '..') || segments.includes('..')) {
		return l10n.t('leaves the manifest\'s folder ("..")');
	}
	if (segments.some((segment) => segment === '' || segment === '.')) {
		return l10n.t('has an empty or "." segment');
	}
	for (const segment of segments) {
		if (/[<>:"|?*]/.test(segment)) {
			return l10n.t('has a character that is not allowed in file names ("{0}")', segment);
		}
		if (/[. ]$/.test(segment)) {
			return l10n.t('has a name ending in a dot or space ("{0}")', segment);
		}
		if (WINDOWS_RESERVED.test(segment.split('.')[0])) {
			return l10n.t('uses a name Windows reserves ("{0}")', segment);
		}
	}
	if (SENSITIVE_FIRST_SEGMENTS.has(segments[0].toLowerCase())) {
		return l10n.t('points into "{0}/", where Gemini Image Studio does not read or write', segments[0]);
	}
	return undefined;
}

/** The lower-case extension of a path, without the dot ('' when there is none). */
export function extensionOf(file: string): string {
	const name = file.slice(file.lastIndexOf('/') + 1);
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The files an asset with `count` outputs writes: `name.png`, then `name-2.png`, `name-3.png`, … */
export function numberedOutputs(output: string, count: number): string[] {
	const slash = output.lastIndexOf('/');
	const dot = output.lastIndexOf('.');
	const stem = dot > slash ? output.slice(0, dot) : output;
	const extension = dot > slash ? output.slice(dot) : '';
	return Array.from({ length: count }, (_, index) => (index === 0 ? output : `${stem}-${index + 1}${extension}`));
}

/** The MIME type an output extension promises. */
export function mimeTypeForExtension(extension: string): string | undefined {
	switch (extension) {
		case 'png':
			return 'image/png';
		case 'jpg':
		case 'jpeg':
			return 'image/jpeg';
		case 'webp':
			return 'image/webp';
		default:
			return undefined;
	}
}
