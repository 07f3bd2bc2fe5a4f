import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { contractPassed, contractVerdict, ContractRow, formatContractTable, planContract, runContract } from '../contract/contractCheck';
import { ImageStudioError } from '../core/errors';
import { requireApiKey } from '../generation/requestImages';
import type { Services } from '../services';

/** `{ yes: true }` runs without asking (the checks cost a few cents of image output). */
export interface CheckApiCompatibilityArgs {
	readonly yes?: boolean;
}

/**
 * `imageStudio.checkApiCompatibility`: runs the contract check (src/contract/) against the configured endpoint with the
 * user's key: lists the models (free), shows the estimated cost of the few image requests and asks, then opens the
 * table of what the extension assumes, what the API did, and pass or drift. Resolves to the rows, or undefined when not
 * run. With an argument object it asks nothing: `yes: true` is required to spend.
 */
export class CheckApiCompatibilityCommand implements Command {
	readonly id = 'imageStudio.checkApiCompatibility';
	readonly title = vscode.l10n.t('Check API Compatibility');

	constructor(private readonly _services: Services) {}

	async execute(args?: unknown): Promise<ContractRow[] | undefined> {
		const { log, notifier } = this._services;
		const interactive = !(typeof args === 'object' && args !== null && !Array.isArray(args) && !(args instanceof vscode.Uri));
		const config = readConfig();
		const apiKey = await requireApiKey(this._services, interactive);
		const options = {
			apiKey: apiKey.key,
			endpoint: config.endpoint,
			timeoutMs: config.requestTimeoutMs,
			onRow: (row: ContractRow) => log.info(`API check: ${row.outcome} ${row.check}: ${row.observed}`),
		};
		const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing Gemini models…') }, () =>
			planContract(options),
		);
		const cost = vscode.l10n.t('about ${0}', plan.estimatedCostUsd.toFixed(2));
		if (interactive) {
			const run = vscode.l10n.t('Run Checks');
			const choice = await vscode.window.showWarningMessage(
				vscode.l10n.t(
					'Check API Compatibility sends {0} small image request(s) to {1} and {2} model(s), {3} with your key.',
					plan.requestCount,
					plan.conversation?.model.id ?? 'Gemini',
					plan.imageChecks.length,
					cost,
				),
				{ modal: true },
				run,
			);
			if (choice !== run) {
				return undefined;
			}
		} else if ((args as CheckApiCompatibilityArgs).yes !== true) {
			throw new ImageStudioError(
				'invalidInput',
				vscode.l10n.t('Check API Compatibility costs {0}; pass { "yes": true } to run it without asking.', cost),
			);
		}
		const rows = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the Gemini API'), cancellable: true },
			async (progress, token) => {
				const controller = new AbortController();
				const subscription = token.onCancellationRequested(() => controller.abort());
				let done = 0;
				try {
					return await runContract(plan, {
						...options,
						signal: controller.signal,
						onRow: (row) => {
							options.onRow(row);
							progress.report({ message: vscode.l10n.t('{0} checks done', ++done) });
						},
					});
				} finally {
					subscription.dispose();
				}
			},
		);
		const document = await vscode.workspace.openTextDocument({
			language: 'markdown',
			content:
				`# ${vscode.l10n.t('Gemini API compatibility')}\n\n${vscode.l10n.t('Endpoint: {0} · {1}', config.endpoint || 'Google', new Date().toISOString())}\n\n${formatContractTable(rows)}\n\n` +
				vscode.l10n.t(
					"A drift means the API answered differently from the catalog (update `src/gemini/modelCatalog.ts` and the fake's table); a fail means a call the extension relies on was refused.",
				) +
				'\n',
		});
		await vscode.window.showTextDocument(document, { preview: false });
		const verdict = contractVerdict(rows);
		if (contractPassed(rows)) {
			notifier.info(vscode.l10n.t('The Gemini API matches what the extension assumes ({0}).', verdict));
		} else {
			notifier.warn(vscode.l10n.t('The Gemini API differs from what the extension assumes ({0}). The table says where.', verdict));
		}
		return rows;
	}
}
