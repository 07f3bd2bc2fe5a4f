import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { describeLine } from '../spending/costStatusBar';
import type { Services } from '../services';
import type { UsageTotals } from '../state/usageLedger';

/**
 * `imageStudio.showSpending` (the spending status bar item): the estimated cost of this session and this workspace,
 * by model and by command, with a way to start the workspace's totals again. Returns both totals, so scripts can
 * read them.
 */
export class ShowSpendingCommand implements Command {
	readonly id = 'imageStudio.showSpending';
	readonly title = vscode.l10n.t('Show Estimated Spending');

	constructor(private readonly _services: Services) {}

	async execute(args?: unknown): Promise<{ session: UsageTotals; workspace: UsageTotals }> {
		const { usage } = this._services;
		const totals = { session: usage.session, workspace: usage.workspace };
		if (args !== undefined) {
			return totals; // An argument object asks nothing.
		}
		type Item = vscode.QuickPickItem & { reset?: boolean };
		const items: Item[] = [
			{ label: vscode.l10n.t('This session'), kind: vscode.QuickPickItemKind.Separator },
			{ label: describeLine(totals.session) },
			...breakdown(totals.session),
			{ label: vscode.l10n.t('This workspace, since {0}', totals.workspace.since.slice(0, 10)), kind: vscode.QuickPickItemKind.Separator },
			{ label: describeLine(totals.workspace) },
			...breakdown(totals.workspace),
			{ label: '', kind: vscode.QuickPickItemKind.Separator },
			{ label: `$(trash) ${vscode.l10n.t('Reset This Workspace’s Totals')}`, reset: true },
		];
		const picked = await vscode.window.showQuickPick(items, {
			title: vscode.l10n.t('Gemini Image Studio: Estimated Spending'),
			placeHolder: vscode.l10n.t('Estimates from the model catalog’s prices; Google bills what the API reports'),
		});
		if (picked?.reset) {
			await usage.resetWorkspace();
			this._services.notifier.info(vscode.l10n.t('The workspace’s spending totals start again from now.'));
		}
		return totals;
	}
}

function breakdown(totals: UsageTotals): vscode.QuickPickItem[] {
	return [
		...Object.entries(totals.byModel).map(([model, line]) => ({ label: `$(symbol-misc) ${model}`, description: describeLine(line) })),
		...Object.entries(totals.bySource).map(([source, line]) => ({ label: `$(play) ${source}`, description: describeLine(line) })),
	];
}
