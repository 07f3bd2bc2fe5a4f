/**
 * The status bar item that says what Gemini has cost, by estimate: this window's session and this workspace. Shown
 * once the workspace has spent anything; its tooltip and a click ("Show Estimated Spending") give the breakdown.
 */
import * as vscode from 'vscode';
import { formatUsd } from '../core/cost';
import type { UsageLedger, UsageLine, UsageTotals } from '../state/usageLedger';

export const SHOW_SPENDING_COMMAND = 'imageStudio.showSpending';

export class CostStatusBar implements vscode.Disposable {
	private readonly _item: vscode.StatusBarItem;
	private readonly _subscription: vscode.Disposable;

	constructor(private readonly _ledger: UsageLedger) {
		this._item = vscode.window.createStatusBarItem('imageStudio.spending', vscode.StatusBarAlignment.Right, 90);
		this._item.name = vscode.l10n.t('Gemini Image Studio: Estimated Spending');
		this._item.command = SHOW_SPENDING_COMMAND;
		this._subscription = _ledger.onDidChange(() => this.update());
		this.update();
	}

	update(): void {
		const session = this._ledger.session;
		const workspace = this._ledger.workspace;
		if (workspace.requests === 0 && session.requests === 0) {
			this._item.hide();
			return;
		}
		this._item.text = `$(credit-card) ${formatUsd(session.costUsd)}`;
		this._item.accessibilityInformation = {
			label: vscode.l10n.t(
				'Gemini estimated spending: {0} this session, {1} in this workspace',
				formatUsd(session.costUsd),
				formatUsd(workspace.costUsd),
			),
		};
		const tooltip = new vscode.MarkdownString(describeSpending(session, workspace).join('\n\n'));
		tooltip.isTrusted = false;
		this._item.tooltip = tooltip;
		this._item.show();
	}

	dispose(): void {
		this._subscription.dispose();
		this._item.dispose();
	}
}

/** The breakdown as Markdown paragraphs, for the tooltip and the log. */
export function describeSpending(session: UsageTotals, workspace: UsageTotals): string[] {
	return [
		`**${vscode.l10n.t('Gemini Image Studio: estimated spending')}**`,
		vscode.l10n.t('This session: {0}', describeLine(session)),
		vscode.l10n.t('This workspace since {0}: {1}', workspace.since.slice(0, 10), describeLine(workspace)),
		...Object.entries(workspace.byModel).map(([model, line]) => `- \`${model}\`: ${describeLine(line)}`),
		vscode.l10n.t('Estimates from the model catalog’s prices; Google bills what the API reports.'),
	];
}

export function describeLine(line: UsageLine): string {
	const images = line.images === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', line.images);
	const requests = line.requests === 1 ? vscode.l10n.t('1 request') : vscode.l10n.t('{0} requests', line.requests);
	return line.unpriced > 0
		? vscode.l10n.t('{0} for {1} in {2}, {3} without a known price', formatUsd(line.costUsd), images, requests, line.unpriced)
		: vscode.l10n.t('{0} for {1} in {2}', formatUsd(line.costUsd), images, requests);
}
