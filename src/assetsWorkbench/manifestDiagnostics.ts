/**
 * Problems of asset manifests (`*.imagestudio.json`) in the Problems panel: each bad entry at the text it is about,
 * refreshed as the manifest is edited (debounced) and when it is opened or saved. Entries with an error are
 * skipped by runs; warnings are kept.
 */
import * as vscode from 'vscode';
import { lineAndColumn, loadManifest, ManifestProblem, ParsedManifest } from '../assets/manifest';
import { WorkspaceAssetFiles } from './workspaceAssetFiles';
import type { Services } from '../services';

/** Manifests are files named `<anything>.imagestudio.json` (the schema's fileMatch in package.json). */
export function isManifestUri(uri: vscode.Uri): boolean {
	return /\.imagestudio\.json$/i.test(uri.path) && !/\.lock\.json$/i.test(uri.path);
}

export const DIAGNOSTIC_SOURCE = 'Gemini Image Studio';

export class ManifestDiagnostics implements vscode.Disposable {
	private readonly _collection = vscode.languages.createDiagnosticCollection('imageStudio.assets');
	private readonly _subscriptions: vscode.Disposable[] = [];
	private readonly _timers = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly _onDidValidate = new vscode.EventEmitter<vscode.Uri>();
	/** Fired after a manifest was validated (code lenses refresh then). */
	readonly onDidValidate = this._onDidValidate.event;

	constructor(private readonly _services: Pick<Services, 'store' | 'edits' | 'log'>) {
		this._subscriptions.push(
			vscode.workspace.onDidOpenTextDocument((document) => this._schedule(document, 0)),
			vscode.workspace.onDidChangeTextDocument((event) => this._schedule(event.document, 300)),
			vscode.workspace.onDidSaveTextDocument((document) => this._schedule(document, 0)),
			vscode.workspace.onDidCloseTextDocument((document) => {
				if (isManifestUri(document.uri)) {
					// A closed manifest keeps its problems only while it exists; runs re-validate it anyway.
					void vscode.workspace.fs.stat(document.uri).then(undefined, () => this._collection.delete(document.uri));
				}
			}),
		);
		for (const document of vscode.workspace.textDocuments) {
			this._schedule(document, 0);
		}
	}

	/** Validates a manifest's text now and shows its problems; returns what a run would use. */
	async validate(uri: vscode.Uri, text: string): Promise<ParsedManifest> {
		const root = vscode.Uri.joinPath(uri, '..');
		const files = new WorkspaceAssetFiles(this._services, root, vscode.Uri.joinPath(root, 'unused.lock.json'));
		const parsed = await loadManifest(text, (relative) => files.exists(relative).catch(() => false));
		this._collection.set(
			uri,
			parsed.problems.map((problem) => toDiagnostic(problem, text)),
		);
		this._onDidValidate.fire(uri);
		return parsed;
	}

	private _schedule(document: vscode.TextDocument, delayMs: number): void {
		if (!isManifestUri(document.uri)) {
			return;
		}
		const key = document.uri.toString();
		clearTimeout(this._timers.get(key));
		this._timers.set(
			key,
			setTimeout(() => {
				this._timers.delete(key);
				void this.validate(document.uri, document.getText()).catch((error: unknown) =>
					this._services.log.warn(`Assets: could not validate ${document.uri.toString(true)}: ${String(error)}`),
				);
			}, delayMs),
		);
	}

	dispose(): void {
		for (const timer of this._timers.values()) {
			clearTimeout(timer);
		}
		this._onDidValidate.dispose();
		this._collection.dispose();
		vscode.Disposable.from(...this._subscriptions).dispose();
	}
}

function toDiagnostic(problem: ManifestProblem, text: string): vscode.Diagnostic {
	const position = (offset: number) => {
		const { line, column } = lineAndColumn(text, offset);
		return new vscode.Position(line - 1, column - 1);
	};
	const range = new vscode.Range(position(problem.offset), position(problem.offset + Math.max(problem.length, 1)));
	const diagnostic = new vscode.Diagnostic(
		range,
		problem.severity === 'error' && problem.assetId !== undefined
			? vscode.l10n.t('{0} (asset "{1}" is skipped)', problem.message, problem.assetId)
			: problem.message,
		problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
	);
	diagnostic.source = DIAGNOSTIC_SOURCE;
	return diagnostic;
}
