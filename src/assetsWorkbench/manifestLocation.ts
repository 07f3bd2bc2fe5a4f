/**
 * Which manifest a command means: its `manifest` argument (a workspace-relative path or a URI string), else the
 * manifest in the active editor, else the only one in the workspace, else a pick (palette) or an error (arguments).
 */
import * as vscode from 'vscode';
import { ImageStudioError } from '../core/errors';
import { LOCK_FILE_NAME } from '../assets/lockFile';
import { isManifestUri } from './manifestDiagnostics';

/** The lock file beside a manifest: `assets.imagestudio.json` → `assets.imagestudio.lock.json`. */
export function lockUriFor(manifest: vscode.Uri): vscode.Uri {
	const name = manifest.path.split('/').pop() ?? '';
	const lockName = /\.imagestudio\.json$/i.test(name) ? name.replace(/\.json$/i, '.lock.json') : LOCK_FILE_NAME;
	return vscode.Uri.joinPath(manifest, '..', lockName);
}

export async function resolveManifest(argument: unknown, interactive: boolean): Promise<vscode.Uri | undefined> {
	const folders = vscode.workspace.workspaceFolders ?? [];
	if (folders.length === 0) {
		throw new ImageStudioError('noWorkspace', vscode.l10n.t('Open a folder first: asset manifests live in the workspace.'));
	}
	if (argument !== undefined) {
		if (typeof argument !== 'string' || argument.trim() === '') {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('"manifest" must be a workspace-relative path or a URI string of an asset manifest (*.imagestudio.json).'),
			);
		}
		const uri = toUri(argument.trim(), folders);
		if (!isManifestUri(uri)) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" is not an asset manifest: its name must end in .imagestudio.json.', argument));
		}
		if (!vscode.workspace.getWorkspaceFolder(uri)) {
			throw new ImageStudioError('outputFolder', vscode.l10n.t('"{0}" is not inside an open workspace folder.', argument));
		}
		return uri;
	}
	const active = vscode.window.activeTextEditor?.document.uri;
	if (active && isManifestUri(active) && vscode.workspace.getWorkspaceFolder(active)) {
		return active;
	}
	const found = (await vscode.workspace.findFiles('**/*.imagestudio.json', '**/node_modules/**', 50)).filter(isManifestUri);
	if (found.length === 1) {
		return found[0];
	}
	if (found.length === 0) {
		throw new ImageStudioError(
			'notFound',
			vscode.l10n.t(
				'No asset manifest in the workspace. Create assets.imagestudio.json (the README has an example; VS Code completes it from its schema).',
			),
		);
	}
	if (!interactive) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('{0} asset manifests are in the workspace; name one with "manifest".', found.length));
	}
	const picked = await vscode.window.showQuickPick(
		found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri })),
		{ title: vscode.l10n.t('Which asset manifest?') },
	);
	return picked?.uri;
}

function toUri(value: string, folders: readonly vscode.WorkspaceFolder[]): vscode.Uri {
	if (/^[a-z][a-z0-9+.-]+:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
		return vscode.Uri.parse(value, true);
	}
	const segments = value
		.replace(/\\/g, '/')
		.split('/')
		.filter((segment) => segment !== '');
	if (segments.some((segment) => segment === '..' || segment === '.')) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" must not contain "." or ".." segments.', value));
	}
	// In a multi-root workspace a relative path may start with the folder's name, as "Copy Relative Path" writes it.
	const named = folders.length > 1 ? folders.find((folder) => folder.name === segments[0]) : undefined;
	return named ? vscode.Uri.joinPath(named.uri, ...segments.slice(1)) : vscode.Uri.joinPath(folders[0].uri, ...segments);
}
