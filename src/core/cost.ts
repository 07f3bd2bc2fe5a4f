/**
 * Estimated prices as the user sees them, and the `maxCostUsd` limit callers pass with an argument object. The
 * estimates come from the model catalog (src/gemini/modelCatalog.ts); this file only formats and compares them.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from './errors';

/** "$0.134", "$12.50", or "under $0.001": the one formatting of estimated prices. */
export function formatUsd(value: number): string {
	if (value > 0 && value < 0.001) {
		return 'under $0.001';
	}
	return `$${value.toFixed(value >= 10 ? 2 : 3)}`;
}

/** The `maxCostUsd` argument: absent, or a finite number of dollars ≥ 0. */
export function readMaxCostUsd(value: unknown): number | undefined {
	if (value === undefined) {
		return undefined;
	}
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new ImageStudioError(
			'invalidInput',
			l10n.t('"maxCostUsd" must be a number of US dollars, 0 or more (for example 0.5), not {0}.', JSON.stringify(value) ?? String(value)),
		);
	}
	return value;
}

/**
 * Throws before anything is sent when a run's estimate is above `maxCostUsd`, or when a limit was given and the
 * catalog has no price to check it against (an unknown model): a limit that cannot be checked is not a limit.
 */
export function enforceMaxCost(estimateUsd: number | undefined, maxCostUsd: number | undefined, what: string): void {
	if (maxCostUsd === undefined) {
		return;
	}
	if (estimateUsd === undefined) {
		throw new ImageStudioError(
			'overBudget',
			l10n.t(
				'{0}: no price is known for this model, so "maxCostUsd" ({1}) cannot be checked. Nothing was sent. Leave "maxCostUsd" out to run it anyway.',
				what,
				formatUsd(maxCostUsd),
			),
		);
	}
	if (estimateUsd > maxCostUsd) {
		throw new ImageStudioError(
			'overBudget',
			l10n.t(
				'{0} would cost about {1}, more than "maxCostUsd" ({2}). Nothing was sent. Raise "maxCostUsd" or ask for fewer or smaller images.',
				what,
				formatUsd(estimateUsd),
				formatUsd(maxCostUsd),
			),
		);
	}
}
