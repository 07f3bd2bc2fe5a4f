/**
 * What a run will cost before anything is sent: the catalog's price per image (by model and size) times the requests
 * (one image each). A model without a price is counted as unknown, never as free. Batch jobs cost half.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';
import { estimateImagePriceUsd, findModel, ImageSize } from '../gemini/modelCatalog';

/** Google's batch API bills at half the interactive price. */
export const BATCH_PRICE_FACTOR = 0.5;
/** Runs estimated above this ask first (the CLI: a prompt on a terminal, `--yes` elsewhere). */
export const DEFAULT_CONFIRM_ABOVE_USD = 0.5;

export interface CostEstimate {
	/** Sum of the requests with a known price, in US dollars. */
	readonly knownUsd: number;
	/** Requests whose model has no price in the catalog. */
	readonly unknownRequests: number;
	readonly requests: number;
}

/** The estimated price of one request for one image, or undefined when the catalog has none. */
export function requestPriceUsd(model: string, imageSize: ImageSize | undefined, batch = false): number | undefined {
	const info = findModel(model);
	const price = info ? estimateImagePriceUsd(info, imageSize) : undefined;
	return price === undefined ? undefined : price * (batch ? BATCH_PRICE_FACTOR : 1);
}

/** Estimates `requests` requests of one model and size. */
export function estimateRequests(model: string, imageSize: ImageSize | undefined, requests: number, batch = false): CostEstimate {
	const price = requestPriceUsd(model, imageSize, batch);
	return price === undefined ? { knownUsd: 0, unknownRequests: requests, requests } : { knownUsd: price * requests, unknownRequests: 0, requests };
}

export function sumEstimates(estimates: readonly CostEstimate[]): CostEstimate {
	return estimates.reduce(
		(sum, item) => ({
			knownUsd: sum.knownUsd + item.knownUsd,
			unknownRequests: sum.unknownRequests + item.unknownRequests,
			requests: sum.requests + item.requests,
		}),
		{ knownUsd: 0, unknownRequests: 0, requests: 0 },
	);
}

/** `$0.34`, or `$0.34 + 2 requests without a price`. */
export function formatEstimate(estimate: CostEstimate): string {
	const known = `$${estimate.knownUsd.toFixed(2)}`;
	return estimate.unknownRequests > 0 ? `${known} + ${estimate.unknownRequests} request${estimate.unknownRequests === 1 ? '' : 's'} without a price` : known;
}

export interface BudgetLimits {
	/** Refuse runs estimated above this (US dollars). */
	readonly maxCostUsd?: number;
	/** With `maxCostUsd`: accept requests whose price is unknown (default false: they could cost anything). */
	readonly allowUnknownPrices?: boolean;
}

/** Throws a `overBudget` ImageStudioError when the estimate is over `maxCostUsd` (or cannot be bounded by it). */
export function checkBudget(estimate: CostEstimate, limits: BudgetLimits): void {
	const max = limits.maxCostUsd;
	if (max === undefined) {
		return;
	}
	if (estimate.knownUsd > max + 1e-9) {
		throw new ImageStudioError(
			'overBudget',
			estimate.requests === 1
				? l10n.t(
						'This run is estimated at {0} for 1 request, above the limit of ${1}. Nothing was sent. Raise the limit or select fewer assets.',
						formatEstimate(estimate),
						max.toFixed(2),
					)
				: l10n.t(
						'This run is estimated at {0} for {1} requests, above the limit of ${2}. Nothing was sent. Raise the limit or select fewer assets.',
						formatEstimate(estimate),
						estimate.requests,
						max.toFixed(2),
					),
		);
	}
	if (estimate.unknownRequests > 0 && !limits.allowUnknownPrices) {
		throw new ImageStudioError(
			'overBudget',
			estimate.unknownRequests === 1
				? l10n.t(
						'1 request uses a model without a known price, so this run cannot be kept under ${0}. Nothing was sent. Use a catalog model or allow unknown prices.',
						max.toFixed(2),
					)
				: l10n.t(
						'{0} requests use models without a known price, so this run cannot be kept under ${1}. Nothing was sent. Use a catalog model or allow unknown prices.',
						estimate.unknownRequests,
						max.toFixed(2),
					),
		);
	}
}

/** Whether a run should ask before it starts. */
export function needsConfirmation(estimate: CostEstimate, aboveUsd = DEFAULT_CONFIRM_ABOVE_USD): boolean {
	return estimate.knownUsd > aboveUsd || estimate.unknownRequests > 0;
}
