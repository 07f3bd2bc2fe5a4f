/**
 * The decisions on a pending edit, each its own command so they can sit in the diff editor's title bar and be
 * called with `{ editId }`: Replace Original, Save as New File, Discard, Edit Again.
 */
import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readMaxCostUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';
import { validatePrompt } from '../generation/imageOptions';
import { readInputImage } from '../images/inputImages';
import type { EditOutcome, EditReview } from '../review/editReview';
import type { PendingEdit } from '../review/pendingEdits';
import { CompareView, openCompareView } from '../review/compareView';
import { askPrompt, imageOptionsFor } from './imageTargets';
import { isArgsObject } from '../core/args';
import { markWalkthroughStep } from '../walkthrough/walkthrough';

abstract class ReviewCommand<T> implements Command {
	abstract readonly id: string;
	abstract readonly title: string;
	/** Writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace = true;

	constructor(protected readonly review: EditReview) {}

	async execute(arg?: unknown): Promise<T | undefined> {
		const edit = await this.review.resolveEdit(arg, !isArgsObject(arg));
		return edit ? await this.apply(edit, isArgsObject(arg) ? arg : undefined) : undefined;
	}

	protected abstract apply(edit: PendingEdit, args: Record<string, unknown> | undefined): Promise<T | undefined>;
}

export class ReplaceOriginalCommand extends ReviewCommand<vscode.Uri> {
	readonly id = 'imageStudio.replaceOriginal';
	readonly title = vscode.l10n.t('Replace Original');

	protected async apply(edit: PendingEdit): Promise<vscode.Uri> {
		const replaced = await this.review.replace(edit);
		markWalkthroughStep('editReviewed');
		return replaced;
	}
}

export class SaveEditAsNewCommand extends ReviewCommand<vscode.Uri> {
	readonly id = 'imageStudio.saveEditAsNew';
	readonly title = vscode.l10n.t('Save as New File');

	protected async apply(edit: PendingEdit): Promise<vscode.Uri> {
		const saved = await this.review.saveAsNew(edit);
		markWalkthroughStep('editReviewed');
		return saved;
	}
}

export class DiscardEditCommand extends ReviewCommand<boolean> {
	readonly id = 'imageStudio.discardEdit';
	readonly title = vscode.l10n.t('Discard Edit');

	protected async apply(edit: PendingEdit): Promise<boolean> {
		await this.review.discard(edit);
		markWalkthroughStep('editReviewed');
		return true;
	}
}

/** Another prompt on the result, chained: the review keeps the user's original on the left. */
export class EditAgainCommand extends ReviewCommand<EditOutcome> {
	readonly id = 'imageStudio.editAgain';
	readonly title = vscode.l10n.t('Edit Again');

	protected async apply(edit: PendingEdit, args: Record<string, unknown> | undefined): Promise<EditOutcome | undefined> {
		let prompt: string | undefined;
		if (args && 'prompt' in args) {
			const valid = validatePrompt(args.prompt);
			if (!valid.ok) {
				throw new ImageStudioError('invalidInput', valid.message);
			}
			prompt = valid.value;
		} else {
			prompt = await askPrompt(vscode.l10n.t('Edit {0} again', edit.originalName), vscode.l10n.t('What else should change?'));
		}
		if (!prompt) {
			return undefined;
		}
		const originalUri = vscode.Uri.parse(edit.originalUri);
		const options = imageOptionsFor(
			{ ...args, model: args?.model ?? edit.provenance.model, aspectRatio: args?.aspectRatio ?? edit.provenance.aspectRatio },
			undefined,
			undefined,
		);
		const original = await readInputImage(originalUri, options.model).catch(() => undefined);
		if (!original) {
			throw new ImageStudioError('notFound', vscode.l10n.t('{0} no longer exists; save the current result as a new file first.', edit.originalName));
		}
		return this.review.edit({ original, prompt, options, interactive: !args, previous: edit, maxCostUsd: readMaxCostUsd(args?.maxCostUsd) });
	}
}

export class ReviewPendingEditsCommand implements Command {
	readonly id = 'imageStudio.reviewPendingEdits';
	readonly title = vscode.l10n.t('Review Pending Edits');

	constructor(private readonly _review: EditReview) {}

	async execute(arg?: unknown): Promise<string | undefined> {
		const edit = await this._review.resolveEdit(arg, !isArgsObject(arg));
		if (edit) {
			await this._review.openReview(edit);
		}
		return edit?.id;
	}
}

/** Opens the compare view (swipe, onion skin, difference) on a pending edit, with the same decisions as buttons. */
export class CompareEditCommand implements Command {
	readonly id = 'imageStudio.compareEdit';
	readonly title = vscode.l10n.t('Compare Edit');
	/**
	 * Refused in Restricted Mode like the decisions it offers (all of which write): a view whose every button says
	 * "not available" is no use. Looking at a pending edit stays possible there with "Review Pending Edits".
	 */
	readonly writesWorkspace = true;

	constructor(private readonly _review: EditReview) {}

	async execute(arg?: unknown): Promise<CompareView | undefined> {
		const { services } = this._review;
		const edit = await this._review.resolveEdit(arg, !isArgsObject(arg));
		if (!edit) {
			return undefined;
		}
		const view = openCompareView(services.context, {
			title: vscode.l10n.t('{0}: original ↔ edited', edit.originalName),
			before: { uri: services.edits.originalSnapshotUri(edit), label: vscode.l10n.t('{0} (original)', edit.originalName) },
			after: { uri: services.edits.resultUri(edit), label: vscode.l10n.t('{0} (edited: {1})', edit.originalName, edit.provenance.prompt.slice(0, 60)) },
			actions: ['replace', 'saveAsNew', 'discard', 'editAgain'],
			onAction: async (action) => {
				await this._review.run(action, edit.id);
				if (action !== 'editAgain') {
					view.dispose();
				}
			},
		});
		return view;
	}
}
