/**
 * Validation of the `imageStudio.outputFolder` setting (and of any workspace-relative target folder). Pure: it
 * works on the text alone; the store re-checks containment on the final URI and real path before writing.
 */
import * as l10n from '@vscode/l10n';
import type { Validated } from '../core/validated';
import { INVISIBLE_OR_BIDI, WINDOWS_RESERVED } from './fileNaming';

/** Folders no image is ever written into: writing there can run code or change the editor's configuration. */
const SENSITIVE_PREFIXES: readonly (readonly string[])[] = [['.vscode'], ['.git'], ['.github', 'workflows'], ['.devcontainer']];

export const DEFAULT_OUTPUT_FOLDER = 'assets/generated';

/**
 * Splits a workspace-relative folder into path segments, refusing anything that could leave the workspace:
 * absolute paths, drive letters, UNC paths, `~`, URIs, `..` (also percent-encoded) and control characters.
 */
export function parseOutputFolder(setting: unknown): Validated<string[]> {
	const raw = typeof setting === 'string' ? setting.trim() : '';
	if (raw === '' || raw === '.' || raw === './') {
		return typeof setting === 'string' && setting.trim() !== '' ? { ok: true, value: [] } : { ok: true, value: DEFAULT_OUTPUT_FOLDER.split('/') };
	}
	const problem = (why: string): Validated<string[]> => ({
		ok: false,
		message: l10n.t(
			'The output folder "{0}" {1}. Set "imageStudio.outputFolder" to a folder inside the workspace, such as "{2}".',
			raw.slice(0, 80),
			why,
			DEFAULT_OUTPUT_FOLDER,
		),
	});
	let decoded = raw;
	for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(decoded); i++) {
		try {
			decoded = decodeURIComponent(decoded);
		} catch {
			return problem(l10n.t('is not a valid path'));
		}
	}
	if (/[\u0000-\u001f\u007f]/.test(decoded)) {
		return problem(l10n.t('contains control characters'));
	}
	if (decoded.startsWith('~')) {
		return problem(l10n.t('points into the home folder'));
	}
	if (/^[a-z][a-z0-9+.-]*:/i.test(decoded)) {
		return problem(l10n.t('is an absolute path or a URI'));
	}
	if (decoded.startsWith('/') || decoded.startsWith('\\')) {
		return problem(l10n.t('is an absolute path'));
	}
	const segments = decoded.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
	if (segments.some((segment) => segment === '..')) {
		return problem(l10n.t('leaves the workspace'));
	}
	if (segments.some((segment) => /[<>:"|?*]/.test(segment) || /[ .]$/.test(segment))) {
		return problem(l10n.t('contains characters that are not allowed in folder names'));
	}
	if (segments.some((segment) => new RegExp(INVISIBLE_OR_BIDI.source).test(segment))) {
		return problem(l10n.t('contains invisible or text-direction characters'));
	}
	const reserved = segments.find((segment) => WINDOWS_RESERVED.test(segment.split('.')[0].trim()));
	if (reserved) {
		return problem(`uses "${reserved}", a name Windows reserves for a device`);
	}
	const lower = segments.map((segment) => segment.toLowerCase());
	for (const prefix of SENSITIVE_PREFIXES) {
		if (prefix.every((part, index) => lower[index] === part)) {
			return problem(`is inside ${prefix.join('/')}, where images are never written`);
		}
	}
	return { ok: true, value: segments };
}
