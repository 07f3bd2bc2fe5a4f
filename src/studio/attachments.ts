/**
 * The images waiting for a studio panel's next turn (the chips under the composer): picked in a dialog, dropped from
 * the Explorer, pasted, or taken from a reply. Each is typed by its bytes and checked against the conversation's
 * model (accepted types, how many images, the inline size limit), then held in memory until the turn is sent.
 */
import * as vscode from 'vscode';
import { errorMessage, ImageStudioError } from '../core/errors';
import { sniffImageType } from '../core/imageType';
import { ModelInfo, resolveModel } from '../gemini/modelCatalog';
import { readImageCommandInput } from '../images/commandInput';
import { readInputImage, refusedImageType } from '../images/inputImages';
import type { Services } from '../services';
import type { StudioToWebview } from '../shared/protocol';
import type { StudioSession } from './session';

/** An image waiting to go with the next turn: checked by content, held in memory until the turn is sent. */
export interface PendingAttachment {
	readonly id: string;
	readonly name: string;
	readonly mimeType: string;
	readonly extension: string;
	readonly bytes: Uint8Array;
}

/** What `addAttachments` did: how many were added and why the others were refused. */
export interface AddAttachmentsResult {
	readonly added: number;
	readonly errors: readonly string[];
}

type ImageRead = { mimeType: string; extension: string; bytes: Uint8Array };

export class Attachments {
	private _pending: PendingAttachment[] = [];
	private _nextAttachmentId = 1;

	constructor(
		private readonly _services: Services,
		/** The conversation shown: its model is what the images are checked against. */
		private readonly _session: () => StudioSession,
		private readonly _post: (message: StudioToWebview) => Promise<void>,
	) {}

	/** The images that go with the next turn. */
	get pending(): readonly PendingAttachment[] {
		return this._pending;
	}

	/** Takes every pending image for the turn being sent. */
	takeAll(): PendingAttachment[] {
		return this._pending.splice(0);
	}

	/** Puts back the images of a turn refused before it was sent: they wait for the next try. */
	putBack(attachments: readonly PendingAttachment[]): void {
		this._pending.unshift(...attachments);
	}

	/**
	 * Adds workspace images to the next turn. Each is typed by its bytes and checked against the conversation's model
	 * (accepted types, how many images, the inline size limit); the refused ones are reported, the others kept.
	 */
	async addUris(uris: readonly vscode.Uri[]): Promise<AddAttachmentsResult> {
		return this._addAll(
			uris.map((uri) => ({
				name: uri.path.split('/').pop() || uri.toString(),
				read: async (model) => {
					const image = await readInputImage(uri, model);
					return { mimeType: image.mimeType, extension: image.extension, bytes: image.bytes };
				},
			})),
		);
	}

	/** Adds pasted or dropped bytes to the next turn: typed by their magic bytes, never by the name or the clipboard's type. */
	async addBytes(name: string, bytes: Uint8Array): Promise<AddAttachmentsResult> {
		const shown = name.replace(/[\u0000-\u001f]/g, '').slice(0, 100) || 'pasted image';
		return this._addAll([
			{
				name: shown,
				read: async (model) => {
					const type = sniffImageType(bytes);
					if (!type) {
						throw new ImageStudioError(
							'inputImage',
							vscode.l10n.t('{0} is not an image Gemini can read (its content is not PNG, JPEG, WebP, HEIC or HEIF).', shown),
						);
					}
					if (!model.inputMimeTypes.includes(type.mimeType)) {
						throw refusedImageType(shown, type.mimeType, model);
					}
					return { mimeType: type.mimeType, extension: type.extension, bytes };
				},
			},
		]);
	}

	remove(id: string): void {
		this._pending = this._pending.filter((attachment) => attachment.id !== id);
		void this.postChips([]);
	}

	/** The "Attach" button: an open dialog for images. */
	async pick(): Promise<void> {
		const chosen = await vscode.window.showOpenDialog({
			title: vscode.l10n.t('Attach Images'),
			canSelectMany: true,
			filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'heic', 'heif'] },
			defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
		});
		if (chosen && chosen.length > 0) {
			await this.addUris(chosen);
		}
	}

	/** Files dropped from the Explorer, as the webview names them. */
	async drop(values: readonly string[]): Promise<void> {
		let uris: vscode.Uri[];
		try {
			uris = readImageCommandInput({ uris: values.map(fromWorkbenchUri) }, undefined).uris;
		} catch (error) {
			await this.postChips([errorMessage(error)]);
			return;
		}
		// Dropped URIs come from the webview: nothing outside the workspace is even looked at (no probing for files).
		const inside = uris.filter((uri) => vscode.workspace.getWorkspaceFolder(uri));
		const outside = uris.filter((uri) => !inside.includes(uri));
		if (outside.length > 0) {
			await this.postChips(
				outside.map((uri) => {
					const name = uri.path.split('/').pop();
					return name
						? vscode.l10n.t('{0} is not inside an open workspace folder.', name)
						: vscode.l10n.t('That file is not inside an open workspace folder.');
				}),
			);
		}
		if (inside.length > 0) {
			await this.addUris(inside);
		}
	}

	/** Shows the pending chips, with why images were refused. */
	async postChips(errors: readonly string[]): Promise<void> {
		await this._post({
			type: 'attachments',
			attachments: this._pending.map((attachment) => ({
				id: attachment.id,
				name: attachment.name,
				mimeType: attachment.mimeType,
				bytes: exactCopy(attachment.bytes),
			})),
			errors,
		});
	}

	private async _addAll(items: readonly { name: string; read: (model: ModelInfo) => Promise<ImageRead> }[]): Promise<AddAttachmentsResult> {
		const modelId = this._session().model;
		const resolution = resolveModel(modelId);
		if (resolution.kind === 'invalid') {
			const errors = [vscode.l10n.t('"{0}" is not a Gemini image model; choose another model first.', modelId.slice(0, 80))];
			void this.postChips(errors);
			return { added: 0, errors };
		}
		const model = resolution.model;
		const errors: string[] = [];
		let added = 0;
		for (const item of items) {
			if (this._pending.length >= model.maxInputImages) {
				errors.push(vscode.l10n.t('{0} was not added: {1} accepts at most {2} images per turn.', item.name, model.id, model.maxInputImages));
				continue;
			}
			try {
				const image = await item.read(model);
				if (image.bytes.byteLength > model.maxInlineImageBytes) {
					throw new ImageStudioError(
						'inputImage',
						vscode.l10n.t(
							'{0} is {1} MB; the studio sends images inline, at most {2} MB each. Use a smaller image.',
							item.name,
							(image.bytes.byteLength / (1024 * 1024)).toFixed(1),
							Math.floor(model.maxInlineImageBytes / (1024 * 1024)),
						),
					);
				}
				this._pending.push({
					id: `a${this._nextAttachmentId++}`,
					name: item.name,
					mimeType: image.mimeType,
					extension: image.extension,
					bytes: image.bytes,
				});
				added++;
			} catch (error) {
				errors.push(errorMessage(error));
			}
		}
		if (errors.length > 0) {
			this._services.log.warn(`Studio: ${errors.length} attachment(s) refused: ${errors.join(' | ')}`);
		}
		void this.postChips(errors);
		return { added, errors };
	}
}

/**
 * A URI dropped from the Explorer as the workbench spells it. In a remote window (code-server, SSH, containers) the
 * workbench names the remote's files `vscode-remote://<authority>/path`, while this extension host, running on the
 * remote, sees them as `file:///path`. The result is still checked to be inside a workspace folder before it is read.
 */
export function fromWorkbenchUri(value: string): string {
	const uri = vscode.Uri.parse(value, true);
	return uri.scheme === 'vscode-remote' && vscode.env.remoteName !== undefined ? vscode.Uri.file(uri.path).toString() : value;
}

/** An exact-size copy: the whole underlying buffer is what crosses postMessage. */
export function exactCopy(bytes: Uint8Array): Uint8Array {
	const copy = new Uint8Array(bytes.byteLength);
	copy.set(bytes);
	return copy;
}
