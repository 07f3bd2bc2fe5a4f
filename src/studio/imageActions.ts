/**
 * What the buttons under a studio image do: save it into the workspace, insert a link to it into the last text
 * editor, compare it with the image it was made from, copy it, or attach it to the next turn.
 */
import * as vscode from 'vscode';
import { readConfig } from '../config';
import { errorMessage, ImageStudioError, untrustedWorkspaceError } from '../core/errors';
import { isSavableImageType, sniffImageType } from '../core/imageType';
import { sha256 } from '../core/hash';
import { openCompareView } from '../review/compareView';
import type { Services } from '../services';
import type { StudioImageAction, StudioToWebview } from '../shared/protocol';
import { slugFromPrompt } from '../workspace/fileNaming';
import { chooseWorkspaceFolder } from '../workspace/workspaceFolders';
import { exactCopy, type AddAttachmentsResult } from './attachments';
import { altFromPrompt, insertionText, relativeImagePath } from './insertion';
import type { StoredImageRef, StudioSession, StudioTurn } from './session';
import type { StudioSessionStore } from './sessionStore';
import { compareSource } from './turnViews';
import { provenanceInput, type ProvenanceDraft, type SentImage } from '../provenance/provenanceRecord';

/** What the image actions need from their panel. */
export interface ImageActionsHost {
	/** The conversation shown. */
	session(): StudioSession;
	post(message: StudioToWebview): Promise<void>;
	/** The text editor an image is inserted into, if there is one. */
	insertTarget(): { document: vscode.TextDocument; selection: vscode.Selection } | undefined;
	/** Adds an image to the next turn (as a paste would). */
	attachBytes(name: string, bytes: Uint8Array): Promise<AddAttachmentsResult>;
}

export class ImageActions {
	/** Where each image of the conversation was saved, so Insert does not save it twice. */
	private readonly _saved = new Map<string, { readonly uri: vscode.Uri; readonly sha256: string }>();

	constructor(
		private readonly _services: Services,
		private readonly _store: StudioSessionStore,
		private readonly _host: ImageActionsHost,
	) {}

	/** Another conversation is shown: what was saved from this one no longer matters. */
	forgetSaved(): void {
		this._saved.clear();
	}

	/** Runs a per-image action and reports its outcome next to the image. */
	async run(action: StudioImageAction, turnId: string, imageId: string): Promise<void> {
		try {
			const message = await this._run(action, turnId, imageId);
			if (message !== undefined) {
				await this._host.post({ type: 'imageActionResult', imageId, action, ok: true, message });
			}
		} catch (error) {
			const message = errorMessage(error);
			this._services.log.error(`Studio: ${action} failed: ${message}`);
			await this._host.post({ type: 'imageActionResult', imageId, action, ok: false, message });
		}
	}

	/** Saves one image of the conversation into the output folder, named from its turn's prompt. */
	async saveImage(turnId: string, imageId: string): Promise<vscode.Uri> {
		assertTrusted(vscode.l10n.t('Save'));
		const { turn } = this._findImage(turnId, imageId);
		// The stored file as it is on disk now, typed by content rather than by what the model declared: nothing but a
		// real image goes into the workspace.
		const bytes = await vscode.workspace.fs.readFile(this._store.imageUri(this._host.session().id, imageId));
		const type = sniffImageType(bytes);
		if (!type || !isSavableImageType(type)) {
			throw new ImageStudioError('badResponse', vscode.l10n.t("This image's data is not a PNG, JPEG or WebP image, so it was not saved."));
		}
		const folder = await chooseWorkspaceFolder({ interactive: true });
		if (!folder) {
			throw new ImageStudioError('cancelled', vscode.l10n.t('No workspace folder was chosen; nothing was saved.'));
		}
		const location = await this._services.store.resolveOutputFolder(folder, readConfig(folder.uri).outputFolder);
		const sealed = this._services.provenance.seal(await this._draft(turn), bytes);
		const saved = await this._services.store.saveNewFile(location, slugFromPrompt(turn.prompt), type.extension, sealed.bytes);
		await this._services.provenance.remember(sealed);
		this._saved.set(imageId, { uri: saved, sha256: sha256(sealed.bytes) });
		return saved;
	}

	/** Inserts an image of the conversation into the last active text editor as a relative link (saving it first if need be). */
	async insertImage(turnId: string, imageId: string): Promise<{ file: vscode.Uri; text: string }> {
		assertTrusted(vscode.l10n.t('Insert'));
		const { turn } = this._findImage(turnId, imageId);
		const target = this._host.insertTarget();
		if (!target) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Open a text file first: the image is inserted where its cursor is.'));
		}
		const file = (await this._savedCopy(imageId)) ?? (await this.saveImage(turnId, imageId));
		const document = target.document.uri;
		const relative =
			document.scheme === file.scheme && document.authority === file.authority
				? relativeImagePath(document.path, file.path)
				: vscode.workspace.asRelativePath(file, false);
		const text = insertionText(target.document.languageId, relative, altFromPrompt(turn.prompt));
		const edit = new vscode.WorkspaceEdit();
		edit.replace(document, target.selection, text);
		if (!(await vscode.workspace.applyEdit(edit))) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('Could not insert into {0}.', vscode.workspace.asRelativePath(document)));
		}
		return { file, text };
	}

	private async _run(action: StudioImageAction, turnId: string, imageId: string): Promise<string | undefined> {
		const { turn } = this._findImage(turnId, imageId);
		switch (action) {
			case 'save': {
				const earlier = await this._savedCopy(imageId);
				if (earlier) {
					return vscode.l10n.t('Already saved as {0}', vscode.workspace.asRelativePath(earlier));
				}
				return vscode.l10n.t('Saved as {0}', vscode.workspace.asRelativePath(await this.saveImage(turnId, imageId)));
			}
			case 'insert':
				return vscode.l10n.t('Inserted {0}', (await this.insertImage(turnId, imageId)).text);
			case 'copy': {
				const bytes = await this._store.readImage(this._host.session().id, imageId);
				// Typed by content, not by what the model declared: the webview decodes by this type.
				const type = sniffImageType(bytes);
				if (!isSavableImageType(type)) {
					throw new ImageStudioError('badResponse', vscode.l10n.t('This image is not a valid PNG, JPEG or WebP file, so it was not copied.'));
				}
				// The webview writes the clipboard (the extension API only has text); it reports the outcome itself.
				await this._host.post({ type: 'imageBytes', imageId, mimeType: type!.mimeType, bytes: exactCopy(bytes) });
				return undefined;
			}
			case 'useAsAttachment': {
				const bytes = await this._store.readImage(this._host.session().id, imageId);
				const number = this._host.session().turns.indexOf(turn) + 1;
				const result = await this._host.attachBytes(`turn ${number} image.${imageId.split('.').pop()}`, bytes);
				if (result.added === 0) {
					throw new ImageStudioError('inputImage', result.errors.join(' '));
				}
				return vscode.l10n.t('Attached to the next turn');
			}
			case 'compare': {
				const session = this._host.session();
				const source = compareSource(session, turn);
				if (!source) {
					throw new ImageStudioError('invalidInput', vscode.l10n.t('There is no earlier image or attachment to compare this image with.'));
				}
				const number = session.turns.indexOf(turn) + 1;
				openCompareView(this._services.context, {
					title: vscode.l10n.t('{0} ↔ turn {1}', source.name, number),
					before: { uri: this._store.imageUri(session.id, source.file), label: source.name },
					after: { uri: this._store.imageUri(session.id, imageId), label: vscode.l10n.t('image of turn {0}', number) },
					log: this._services.log,
				});
				return vscode.l10n.t('Comparing with {0}', source.label);
			}
		}
	}

	private _findImage(turnId: string, imageId: string): { turn: StudioTurn; ref: StoredImageRef } {
		const turn = this._host.session().turns.find((candidate) => candidate.id === turnId);
		const part = turn?.response?.find((candidate) => candidate.inlineFile?.file === imageId);
		if (!turn || !part?.inlineFile) {
			throw new ImageStudioError('invalidInput', vscode.l10n.t('That image is not part of this conversation.'));
		}
		return { turn, ref: part.inlineFile };
	}

	/** The provenance of a turn's image: its prompt, model and controls, the turn's attachments, tokens and price. */
	private async _draft(turn: StudioTurn): Promise<ProvenanceDraft> {
		const sessionId = this._host.session().id;
		const inputs: SentImage[] = [];
		for (const [index, attachment] of turn.attachments.entries()) {
			const bytes = await this._store.readImage(sessionId, attachment.file).catch(() => undefined);
			if (bytes) {
				inputs.push({ bytes, mimeType: sniffImageType(bytes)?.mimeType ?? attachment.mimeType, name: `attachment ${index + 1}` });
			}
		}
		const usage = turn.usage;
		const options = turn.options;
		return {
			kind: 'studio',
			prompt: turn.prompt,
			model: turn.model,
			...(options?.aspectRatio ? { aspectRatio: options.aspectRatio } : {}),
			...(options?.imageSize ? { imageSize: options.imageSize } : {}),
			...(options?.thinkingLevel ? { thinkingLevel: options.thinkingLevel } : {}),
			inputs: inputs.map(provenanceInput).filter((input) => /^image\/(png|jpeg|webp|heic|heif|gif)$/.test(input.mimeType)),
			...(usage ? { usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, thoughtTokens: usage.thoughtTokens } } : {}),
			...(usage?.costUsd !== undefined ? { costUsd: usage.costUsd } : {}),
			createdAt: turn.createdAt,
		};
	}

	/** Where this image was saved in this window, if that file still holds exactly the bytes written (record included). */
	private async _savedCopy(imageId: string): Promise<vscode.Uri | undefined> {
		const saved = this._saved.get(imageId);
		if (!saved) {
			return undefined;
		}
		try {
			return sha256(await vscode.workspace.fs.readFile(saved.uri)) === saved.sha256 ? saved.uri : undefined;
		} catch {
			return undefined;
		}
	}
}

/** Save and Insert write into the workspace: not in Restricted Mode (hidden commands and webviews still run there). */
function assertTrusted(what: string): void {
	if (!vscode.workspace.isTrusted) {
		throw untrustedWorkspaceError(what);
	}
}
