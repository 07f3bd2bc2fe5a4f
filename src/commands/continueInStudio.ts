import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { ImageStudioError } from '../core/errors';
import { provenanceOfFile } from '../provenance/provenanceFiles';
import type { Services } from '../services';
import type { StudioManager } from '../studio/studioManager';
import { oneImageTarget } from './imageTargets';

/** What `imageStudio.continueInStudio` resolves to. */
export interface ContinueInStudioResult {
	readonly sessionId: string;
	/** Images waiting for the new conversation's first turn (the one given). */
	readonly pending: number;
	/** The model of the image's recipe, used for the conversation, when one is known. */
	readonly model?: string;
}

/**
 * `imageStudio.continueInStudio`: a new studio conversation with the image attached to its first turn, on the model
 * that made it when its provenance is known. From the Explorer, or with `{ uri }`.
 */
export class ContinueInStudioCommand implements Command {
	readonly id = 'imageStudio.continueInStudio';
	readonly title = vscode.l10n.t('Continue in Studio');

	constructor(
		private readonly _services: Services,
		private readonly _studio: StudioManager,
	) {}

	async execute(first?: unknown, second?: unknown): Promise<ContinueInStudioResult | undefined> {
		const target = await oneImageTarget(first, second, this.title);
		if (!target) {
			return undefined;
		}
		const found = await provenanceOfFile(this._services.provenance, target.uri).catch(() => undefined);
		const panel = this._studio.open(found?.record.model);
		panel.panel.reveal(undefined, false);
		const result = await panel.addAttachments([target.uri]);
		if (result.added === 0) {
			throw new ImageStudioError(
				'inputImage',
				vscode.l10n.t('{0} could not be attached: {1}', vscode.workspace.asRelativePath(target.uri, false), result.errors.join(' ')),
			);
		}
		return { sessionId: panel.session.id, pending: panel.pendingAttachments.length, ...(found ? { model: found.record.model } : {}) };
	}
}
