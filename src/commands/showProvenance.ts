import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import type { ProvenanceRecord } from '../core/provenance';
import { provenanceOfFile, type ProvenanceDocuments } from '../provenance/provenanceFiles';
import type { Services } from '../services';
import { oneImageTarget } from './imageTargets';

/**
 * `imageStudio.showProvenance`: the recipe of an image (prompt, model, controls, input hashes, parent, tokens,
 * estimated cost), from the file itself when it carries one, else from extension storage by the file's hash. Shown in
 * a read-only JSON document (`open: false` skips it); resolves to the record, or undefined when none is known.
 */
export class ShowProvenanceCommand implements Command {
	readonly id = 'imageStudio.showProvenance';
	readonly title = vscode.l10n.t('Show Provenance');

	constructor(
		private readonly _services: Services,
		private readonly _documents: ProvenanceDocuments,
	) {}

	async execute(first?: unknown, second?: unknown): Promise<ProvenanceRecord | undefined> {
		const target = await oneImageTarget(first, second, this.title);
		if (!target) {
			return undefined;
		}
		const found = await provenanceOfFile(this._services.provenance, target.uri);
		const name = vscode.workspace.asRelativePath(target.uri, false);
		if (!found) {
			this._services.notifier.info(
				vscode.l10n.t('No provenance is known for {0}: it was not made by Gemini Image Studio on this machine, or its record was pruned.', name),
			);
			return undefined;
		}
		if (target.args?.open !== false) {
			const document = await vscode.workspace.openTextDocument(this._documents.show(target.uri, found));
			await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
		}
		return found.record;
	}
}
