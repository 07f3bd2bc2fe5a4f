import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { ImageStudioError } from '../core/errors';
import type { Services } from '../services';
import type { StudioManager } from '../studio/studioManager';
import { pickImages } from './imageTargets';
import { readImageCommandInput } from '../images/commandInput';

/** What `imageStudio.addToStudio` resolves to. */
export interface AddToStudioResult {
	readonly sessionId: string;
	/** Images added to the next turn by this call. */
	readonly added: number;
	/** Images now waiting for the next turn (this call's and earlier ones). */
	readonly pending: number;
	/** Why images were refused (type, size, count), one message each. */
	readonly errors: readonly string[];
}

/**
 * `imageStudio.addToStudio`: adds images to the next turn of the active studio conversation (a new one when none is
 * open). From the Explorer (one or several images), or with `{ uris }` of workspace-relative paths or URI strings.
 * Refused images are shown in a notification when run from the UI, and returned either way.
 */
export class AddToStudioCommand implements Command {
	readonly id = 'imageStudio.addToStudio';
	readonly title = vscode.l10n.t('Add to Studio');

	constructor(
		private readonly _services: Services,
		private readonly _studio: StudioManager,
	) {}

	async execute(first?: unknown, second?: unknown): Promise<AddToStudioResult | undefined> {
		const interactive = !(typeof first === 'object' && first !== null && !Array.isArray(first) && 'uris' in first);
		let { uris } = readImageCommandInput(first, second);
		if (uris.length === 0 && interactive) {
			uris = await pickImages(this.title, true);
		}
		if (uris.length === 0) {
			if (!interactive) {
				throw new ImageStudioError('invalidInput', vscode.l10n.t('Add to Studio takes { uris: [...] } with at least one image.'));
			}
			return undefined;
		}
		const panel = this._studio.activePanel ?? this._studio.open();
		panel.panel.reveal(undefined, false);
		const result = await panel.addAttachments(uris);
		if (result.errors.length > 0 && interactive) {
			this._services.notifier.error(new ImageStudioError('inputImage', result.errors.join(' ')), this.title);
		}
		return { sessionId: panel.session.id, added: result.added, pending: panel.pendingAttachments.length, errors: result.errors };
	}
}
