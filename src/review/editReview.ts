/**
 * The edit workflow: send an image and a prompt to Gemini, keep the result as a pending edit, open the before/after
 * view, and then Replace / Save as New / Discard / Edit Again. The user's file is touched only by Replace, after a
 * verified backup, and only while it still holds the bytes the edit started from.
 */
import * as vscode from 'vscode';
import { readConfig } from '../config';
import { errorMessage, ImageStudioError } from '../core/errors';
import type { ImageOptions } from '../generation/imageOptions';
import { requestImages, requireApiKey } from '../generation/requestImages';
import { excerpt } from '../core/args';
import type { InputImageFile } from '../images/inputImages';
import { sha256 } from '../core/hash';
import type { Services } from '../services';
import { sanitizeFileStem } from '../workspace/fileNaming';
import type { PendingEdit } from './pendingEdits';
import { provenanceUsage, replyCostUsd } from '../provenance/provenanceRecord';
import type { ProvenanceDraft } from '../provenance/provenanceRecord';
import type { SealedResult } from '../provenance/provenanceStore';
import { parseReviewUri, REVIEW_SCHEME, reviewTabLabel, reviewUri } from './reviewFileSystem';

export type ReviewAction = 'replace' | 'saveAsNew' | 'discard' | 'editAgain' | 'compare';

export interface EditOutcome {
	readonly editId: string;
	readonly original: vscode.Uri;
	readonly before: vscode.Uri;
	readonly after: vscode.Uri;
}

export class EditReview {
	/**
	 * The tab of each open review. A diff of two custom editors has no tab input in the API (`tab.input` is
	 * undefined), so tabs are remembered when opened and otherwise found by their label.
	 */
	private readonly _tabs = new Map<string, vscode.Tab>();

	constructor(private readonly _services: Services) {}

	/**
	 * Runs an edit of `original` and opens the review. `input` is what Gemini sees: the original itself, or for
	 * "Edit Again" the previous result.
	 */
	async edit(params: {
		original: InputImageFile;
		prompt: string;
		options: ImageOptions;
		interactive: boolean;
		previous?: PendingEdit;
		/** From the argument object: refuse when the estimate is above it. */
		maxCostUsd?: number;
	}): Promise<EditOutcome> {
		const { services } = this;
		const { original, prompt, options, previous } = params;
		const config = readConfig(original.uri);
		const apiKey = await requireApiKey(services, params.interactive);
		const input = previous
			? { mimeType: previous.resultMimeType, bytes: await services.edits.readResult(previous), displayName: original.name }
			: { mimeType: original.mimeType, bytes: original.bytes, displayName: original.name };
		services.log.info(
			`Editing ${original.uri.toString(true)} with ${options.model.id} ${options.aspectRatio} ${options.imageSize ?? ''}: ${prompt.slice(0, 200)}`,
		);
		const results = await requestImages(
			services,
			{ model: options.model.id, prompt, aspectRatio: options.aspectRatio, imageSize: options.imageSize, inputImages: [input] },
			config,
			apiKey.key,
			{
				title: vscode.l10n.t('Editing {0} with {1}', original.name, options.model.id),
				inlineLimitBytes: options.model.maxInlineImageBytes,
				source: 'edit',
				spend: { interactive: params.interactive, maxCostUsd: params.maxCostUsd },
			},
		);
		const result = results.images[results.images.length - 1];
		const response = results.responses[0];
		const originalBytes = previous ? await vscode.workspace.fs.readFile(services.edits.originalSnapshotUri(previous)) : original.bytes;
		const edit = await services.edits.create({
			originalUri: original.uri,
			originalName: original.name,
			originalBytes,
			originalExtension: previous?.originalExtension ?? original.extension,
			resultBytes: result.bytes,
			resultExtension: result.extension,
			resultMimeType: result.mimeType,
			provenance: {
				kind: 'edit',
				prompt,
				model: options.model.id,
				aspectRatio: options.aspectRatio,
				imageSize: options.imageSize,
				inputs: [{ uri: original.uri.toString(), sha256: sha256(input.bytes), mimeType: input.mimeType }],
				createdAt: new Date().toISOString(),
				modelText: results.texts.join('\n') || undefined,
				parentEditId: previous?.id,
				usage: response
					? { promptTokens: response.usage.promptTokens, outputTokens: response.usage.outputTokens, thoughtTokens: response.usage.thoughtTokens }
					: undefined,
				finishReason: response?.finishReason,
				costUsd: response ? replyCostUsd(options.model.id, options.imageSize, provenanceUsage(response), 1) : undefined,
			},
		});
		void services.edits.prune(config.storage).catch((error: unknown) => services.log.warn(`Storage: pruning failed: ${errorMessage(error)}`));
		if (previous) {
			await this.closeReviewTabs(previous.id);
			await services.edits.remove(previous.id);
		}
		await this.openReview(edit, results.texts.join(' '));
		return { editId: edit.id, original: original.uri, before: reviewUri(edit, 'original'), after: reviewUri(edit, 'edited') };
	}

	get services(): Services {
		return this._services;
	}

	/** Opens VS Code's diff editor on snapshot ↔ result and offers the decisions in a notification. */
	async openReview(edit: PendingEdit, modelText = ''): Promise<void> {
		await vscode.commands.executeCommand('vscode.diff', reviewUri(edit, 'original'), reviewUri(edit, 'edited'), reviewTabLabel(edit), {
			preview: false,
		});
		const active = vscode.window.tabGroups.activeTabGroup.activeTab;
		if (active?.label === reviewTabLabel(edit)) {
			this._tabs.set(edit.id, active);
		}
		const said = modelText ? ` ${vscode.l10n.t('Gemini said: "{0}"', excerpt(modelText, 120))}` : '';
		const { provenance } = edit;
		const made = `${provenance.model}, ${provenance.aspectRatio}${provenance.imageSize ? ` ${provenance.imageSize}` : ''}: "${excerpt(provenance.prompt, 80)}"`;
		this._services.notifier.info(
			vscode.l10n.t('Review the edit of {0} ({1}); nothing has changed on disk yet.', edit.originalName, made) + said,
			{ title: vscode.l10n.t('Replace Original'), run: () => this.run('replace', edit.id) },
			{ title: vscode.l10n.t('Save as New File'), run: () => this.run('saveAsNew', edit.id) },
			{ title: vscode.l10n.t('Discard'), run: () => this.run('discard', edit.id) },
			{ title: vscode.l10n.t('Edit Again'), run: () => this.run('editAgain', edit.id) },
		);
	}

	/** Runs a decision from a notification button, reporting errors like a command would. */
	async run(action: ReviewAction, editId: string): Promise<unknown> {
		return vscode.commands.executeCommand(
			{
				replace: 'imageStudio.replaceOriginal',
				saveAsNew: 'imageStudio.saveEditAsNew',
				discard: 'imageStudio.discardEdit',
				editAgain: 'imageStudio.editAgain',
				compare: 'imageStudio.compareEdit',
			}[action],
			{ editId },
		);
	}

	/** Finds the pending edit a review command is about: `{ editId }`, a review URI, the active review tab, or a pick. */
	async resolveEdit(arg: unknown, interactive: boolean): Promise<PendingEdit | undefined> {
		const { edits } = this._services;
		let id: string | undefined;
		if (arg instanceof vscode.Uri) {
			id = parseReviewUri(arg)?.id;
		} else if (arg && typeof arg === 'object' && 'editId' in arg) {
			id = typeof (arg as { editId: unknown }).editId === 'string' ? (arg as { editId: string }).editId : undefined;
			if (!id || !(await edits.get(id))) {
				throw new ImageStudioError('notFound', vscode.l10n.t('That edit is no longer pending (it was already replaced, saved or discarded).'));
			}
		}
		id ??= this._activeReviewId();
		if (id) {
			const edit = await edits.get(id);
			if (!edit) {
				throw new ImageStudioError('notFound', vscode.l10n.t('That edit is no longer pending (it was already replaced, saved or discarded).'));
			}
			return edit;
		}
		const pending = await edits.list();
		if (pending.length === 0) {
			throw new ImageStudioError('notFound', vscode.l10n.t('No edit is waiting for review. Right-click an image and choose "Edit Image with Gemini…".'));
		}
		if (pending.length === 1 || !interactive) {
			return pending[0];
		}
		const picked = await vscode.window.showQuickPick(
			pending.map((edit) => ({
				label: edit.originalName,
				description: vscode.workspace.asRelativePath(vscode.Uri.parse(edit.originalUri), false),
				detail: edit.provenance.prompt,
				edit,
			})),
			{ placeHolder: vscode.l10n.t('Which pending edit?') },
		);
		return picked?.edit;
	}

	/** Replace: verified backup first, then the swap; the file must still hold the bytes the edit started from. */
	async replace(edit: PendingEdit): Promise<vscode.Uri> {
		const { edits, store, notifier } = this._services;
		const target = vscode.Uri.parse(edit.originalUri);
		const result = await edits.readResult(edit);
		let current: Uint8Array;
		try {
			current = await vscode.workspace.fs.readFile(target);
		} catch {
			throw new ImageStudioError(
				'notFound',
				vscode.l10n.t('{0} no longer exists, so it was not replaced. Use "Save as New File" instead.', edit.originalName),
			);
		}
		if (sha256(current) !== edit.originalSha256) {
			throw new ImageStudioError(
				'changedOnDisk',
				vscode.l10n.t(
					'{0} changed on disk since the edit started; it was not replaced. Use "Save as New File", or edit the new version.',
					edit.originalName,
				),
			);
		}
		const sealed = this._seal(edit, result);
		const backup = await edits.createBackup(target, edit.originalName, current, edit.originalExtension, sha256(sealed.bytes), edit.provenance.prompt);
		await store.replaceFile(target, sealed.bytes, edit.originalSha256);
		await this._services.provenance.remember(sealed);
		await this.closeReviewTabs(edit.id);
		await edits.remove(edit.id);
		void edits.prune(readConfig().storage).catch((error: unknown) => this.services.log.warn(`Storage: pruning failed: ${errorMessage(error)}`));
		notifier.info(vscode.l10n.t('Replaced {0}. The original is kept as a backup.', edit.originalName), {
			title: vscode.l10n.t('Restore Original'),
			run: () => vscode.commands.executeCommand('imageStudio.restoreOriginal', { uri: target.toString(), backupId: backup.id }),
		});
		return target;
	}

	async saveAsNew(edit: PendingEdit): Promise<vscode.Uri> {
		const { edits, store, notifier } = this._services;
		const original = vscode.Uri.parse(edit.originalUri);
		const result = await edits.readResult(edit);
		const stem = sanitizeFileStem(`${edit.originalName.replace(/\.[^.]+$/, '')}-edited`);
		const sealed = this._seal(edit, result);
		const saved = await store.saveNewFile(store.locationBeside(original), stem, edit.resultExtension, sealed.bytes);
		await this._services.provenance.remember(sealed);
		await this.closeReviewTabs(edit.id);
		await edits.remove(edit.id);
		await vscode.commands.executeCommand('vscode.open', saved, { preview: false });
		notifier.info(vscode.l10n.t('Saved the edit as {0}; {1} is unchanged.', vscode.workspace.asRelativePath(saved, false), edit.originalName));
		return saved;
	}

	/** The provenance of an edit's result as it is about to be written (parent: the original the edit started from). */
	private _seal(edit: PendingEdit, result: Uint8Array): SealedResult {
		const { provenance } = edit;
		const usage = provenance.usage
			? { inputTokens: provenance.usage.promptTokens, outputTokens: provenance.usage.outputTokens, thoughtTokens: provenance.usage.thoughtTokens ?? 0 }
			: undefined;
		const draft: ProvenanceDraft = {
			kind: 'edit',
			prompt: provenance.prompt,
			model: provenance.model,
			aspectRatio: provenance.aspectRatio,
			...(provenance.imageSize ? { imageSize: provenance.imageSize } : {}),
			inputs: provenance.inputs.map((input) => ({
				sha256: input.sha256,
				mimeType: input.mimeType,
				name: vscode.workspace.asRelativePath(vscode.Uri.parse(input.uri), false),
			})),
			parentSha256: edit.originalSha256,
			...(provenance.finishReason && /^[A-Z][A-Z_]{0,63}$/.test(provenance.finishReason) ? { finishReason: provenance.finishReason } : {}),
			...(usage ? { usage } : {}),
			...(provenance.costUsd !== undefined ? { costUsd: provenance.costUsd } : {}),
			createdAt: provenance.createdAt,
		};
		return this._services.provenance.seal(draft, result);
	}

	async discard(edit: PendingEdit): Promise<void> {
		await this.closeReviewTabs(edit.id);
		await this._services.edits.remove(edit.id);
		this._services.log.info(`Discarded pending edit ${edit.id} of ${edit.originalUri}`);
	}

	/** Closes the diff (and any single review tab) of an edit. */
	async closeReviewTabs(editId: string): Promise<void> {
		const edit = await this._services.edits.get(editId);
		const label = edit ? reviewTabLabel(edit) : undefined;
		const remembered = this._tabs.get(editId);
		this._tabs.delete(editId);
		// Reviews of one file share their label: a tab known to belong to another pending edit is never closed by it.
		const others = new Set(this._tabs.values());
		const tabs = vscode.window.tabGroups.all
			.flatMap((group) => group.tabs)
			.filter(
				(tab) =>
					tab === remembered ||
					tabUris(tab).some((uri) => parseReviewUri(uri)?.id === editId) ||
					(label !== undefined && tab.label === label && tab.input === undefined && !others.has(tab)),
			);
		if (tabs.length > 0) {
			await vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
		}
	}

	private _activeReviewId(): string | undefined {
		const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
		for (const uri of tab ? tabUris(tab) : []) {
			const parsed = parseReviewUri(uri);
			if (parsed) {
				return parsed.id;
			}
		}
		for (const [id, remembered] of this._tabs) {
			if (remembered === tab) {
				return id;
			}
		}
		return undefined;
	}
}

function tabUris(tab: vscode.Tab): vscode.Uri[] {
	const input = tab.input as { uri?: unknown; original?: unknown; modified?: unknown } | undefined;
	return [input?.uri, input?.original, input?.modified].filter((value): value is vscode.Uri => value instanceof vscode.Uri && value.scheme === REVIEW_SCHEME);
}
