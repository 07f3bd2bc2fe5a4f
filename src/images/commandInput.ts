/**
 * Normalises what image commands and the studio receive: explorer `(uri, uris[])`, the image preview's editor title
 * `(uri)`, or an argument object `{ uri | uris, … }` whose URIs may be workspace-relative paths or URI strings.
 */
import * as vscode from 'vscode';
import { isArgsObject } from '../core/args';
import { ImageStudioError } from '../core/errors';
import { resolveUriArgument } from './inputImages';

export interface ImageCommandInput {
	readonly uris: vscode.Uri[];
	/** Present when called with an argument object: then nothing is asked. */
	readonly args?: Record<string, unknown>;
}

export function readImageCommandInput(first: unknown, second: unknown): ImageCommandInput {
	if (isArgsObject(first)) {
		const raw: unknown[] = Array.isArray(first.uris) ? first.uris : first.uri !== undefined ? [first.uri] : [];
		const uris = raw.map((value) => {
			const uri = resolveUriArgument(value);
			if (!uri) {
				throw new ImageStudioError(
					'invalidInput',
					vscode.l10n.t('"{0}" is not a workspace-relative path or a URI inside the workspace.', String(value).slice(0, 100)),
				);
			}
			return uri;
		});
		return { uris, args: first };
	}
	if (Array.isArray(second) && second.length > 0 && second.every((item) => item instanceof vscode.Uri)) {
		return { uris: second as vscode.Uri[] };
	}
	if (first instanceof vscode.Uri) {
		return { uris: [first] };
	}
	return { uris: [] };
}
