/**
 * The budget every paid run passes before anything is sent: an argument object's `maxCostUsd` is a hard limit, and
 * without one a palette or menu run whose estimate is above `imageStudio.confirmAboveUsd` asks first. Runs from
 * an argument object never ask (the public contract: given arguments, no modal).
 */
import * as vscode from 'vscode';
import { enforceMaxCost, formatUsd } from '../core/cost';
import { ImageStudioError } from '../core/errors';

export interface SpendRequest {
	/** The catalog's estimate in US dollars; undefined for a model without a known price. */
	readonly estimateUsd: number | undefined;
	/** What is about to run, as a sentence subject: "Generating 4 images with gemini-3-pro-image at 4K". */
	readonly what: string;
	/** The button that goes ahead: "Generate", "Run 12 Assets". */
	readonly confirmLabel: string;
	/** From the argument object; refuses runs above it (and unpriced runs) with an `overBudget` error. */
	readonly maxCostUsd?: number;
	/** False for argument-object calls: they are never asked. */
	readonly interactive: boolean;
	/** `imageStudio.confirmAboveUsd`. */
	readonly confirmAboveUsd: number;
}

/** Resolves when the run may go ahead; throws `overBudget` when it may not (declined, or over `maxCostUsd`). */
export async function approveSpend(request: SpendRequest): Promise<void> {
	enforceMaxCost(request.estimateUsd, request.maxCostUsd, request.what);
	if (!request.interactive || request.maxCostUsd !== undefined || request.estimateUsd === undefined || request.estimateUsd <= request.confirmAboveUsd) {
		return;
	}
	const answer = await vscode.window.showWarningMessage(
		vscode.l10n.t('{0} will cost about {1}.', request.what, formatUsd(request.estimateUsd)),
		{
			modal: true,
			detail: vscode.l10n.t(
				'That is more than "imageStudio.confirmAboveUsd" ({0}). Prices are the catalog\'s estimates; Google bills what the API reports.',
				formatUsd(request.confirmAboveUsd),
			),
		},
		request.confirmLabel,
	);
	if (answer !== request.confirmLabel) {
		throw new ImageStudioError(
			'overBudget',
			vscode.l10n.t(
				'Nothing was sent: {0} was declined at about {1}.',
				`${request.what.charAt(0).toLowerCase()}${request.what.slice(1)}`,
				formatUsd(request.estimateUsd),
			),
			{
				severity: 'warning',
			},
		);
	}
}
