/**
 * One notice per deprecated model chosen in the settings: Google still serves it, so requests go on, but the user
 * learns which model replaces it and can switch with one click. Shown once per model (kept in global state).
 */
import * as vscode from 'vscode';
import { findModel, replacementFor } from '../gemini/modelCatalog';
import type { Services } from '../services';

const NOTICE_KEY_PREFIX = 'imageStudio.deprecationNoticeShown:';

/** Tells the user once that the model of `imageStudio.model` is deprecated, offering its replacement. */
export async function noticeDeprecatedSettingsModel(services: Services, modelId: string): Promise<void> {
	const model = findModel(modelId);
	if (model?.status !== 'deprecated' || vscode.workspace.getConfiguration('imageStudio').get<string>('model') !== modelId) {
		return;
	}
	const key = NOTICE_KEY_PREFIX + modelId;
	if (services.context.globalState.get<boolean>(key)) {
		return;
	}
	await services.context.globalState.update(key, true);
	const replacement = replacementFor(modelId);
	const message = replacement
		? vscode.l10n.t(
				'{0}, the model in your "imageStudio.model" setting, is deprecated by Google in favour of {1}. It still works until Google shuts it down.',
				modelId,
				replacement.id,
			)
		: vscode.l10n.t('{0}, the model in your "imageStudio.model" setting, is deprecated by Google. It still works until Google shuts it down.', modelId);
	if (!replacement) {
		services.notifier.warn(message);
		return;
	}
	services.notifier.warn(message, {
		title: vscode.l10n.t('Switch to {0}', replacement.id),
		run: () => vscode.workspace.getConfiguration('imageStudio').update('model', replacement.id, vscode.ConfigurationTarget.Global),
	});
}
