/**
 * The palette questions of Generate Image (and Generate Variations): the prompt with recent prompts, then the model,
 * aspect ratio and size, each defaulting to what was used last.
 */
import * as vscode from 'vscode';
import { estimateImagePriceUsd, ImageSize, ModelInfo } from '../gemini/modelCatalog';
import type { ModelChoice, ModelDirectory } from '../gemini/modelDirectory';
import { validatePrompt } from '../generation/imageOptions';

export function pickDefault<T extends string>(allowed: readonly T[], ...candidates: (string | undefined)[]): T {
	for (const candidate of candidates) {
		if (candidate && (allowed as readonly string[]).includes(candidate)) {
			return candidate as T;
		}
	}
	return allowed[0];
}

export function describeRatio(ratio: string): string {
	const [w, h] = ratio.split(':').map(Number);
	if (w === h) {
		return vscode.l10n.t('square');
	}
	return w > h ? vscode.l10n.t('landscape') : vscode.l10n.t('portrait');
}

export function describeSize(model: ModelInfo, size: ImageSize): string {
	const price = estimateImagePriceUsd(model, size);
	const pixels = size === '512' ? '512 px' : `${parseInt(size, 10) * 1024} px`;
	return price !== undefined ? vscode.l10n.t('{0} long side, about ${1}', pixels, price.toFixed(3)) : vscode.l10n.t('{0} long side', pixels);
}

const TOTAL_STEPS = 4;

/** Prompt box that lists recent prompts; typing a new prompt and pressing Enter accepts it. */
export async function askPrompt(recent: readonly string[]): Promise<string | undefined> {
	const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { prompt?: string }>();
	quickPick.title = vscode.l10n.t('Generate Image');
	quickPick.step = 1;
	quickPick.totalSteps = TOTAL_STEPS;
	quickPick.placeholder = vscode.l10n.t('Describe the image, e.g. "a flat vector logo of a fox, orange on white"');
	quickPick.ignoreFocusOut = true;
	quickPick.matchOnDescription = false;
	const recentItems = recent.map((prompt) => ({ label: prompt, description: vscode.l10n.t('recent'), prompt }));
	const refresh = () => {
		const value = quickPick.value.trim();
		quickPick.items = value
			? [
					{ label: value, description: vscode.l10n.t('Generate with this prompt'), alwaysShow: true, prompt: value },
					...recentItems.filter((item) => item.prompt !== value),
				]
			: recentItems;
	};
	refresh();
	quickPick.onDidChangeValue(refresh);
	try {
		return await new Promise<string | undefined>((resolve) => {
			quickPick.onDidAccept(() => {
				const chosen = quickPick.selectedItems[0]?.prompt ?? quickPick.value.trim();
				const valid = validatePrompt(chosen);
				if (!valid.ok) {
					quickPick.title = vscode.l10n.t('Generate Image: {0}', valid.message);
					return;
				}
				resolve(valid.value);
				quickPick.hide();
			});
			quickPick.onDidHide(() => resolve(undefined));
			quickPick.show();
		});
	} finally {
		quickPick.dispose();
	}
}

/**
 * The model step: the endpoint's image models from its own list (cached, else fetched while the picker shows the
 * catalog as busy), annotated by the catalog. The refresh button lists them again now.
 */
export async function askModel(directory: ModelDirectory, endpoint: string, apiKey: string | undefined, defaultId: string): Promise<ModelInfo | undefined> {
	type Item = vscode.QuickPickItem & { model: ModelInfo };
	const toItems = (choices: readonly ModelChoice[]): Item[] => {
		const items = choices.map((choice) => ({
			label: choice.id,
			description: [choice.label !== choice.id ? choice.label : undefined, choice.listed ? undefined : vscode.l10n.t('not listed by the API')]
				.filter(Boolean)
				.join(' · '),
			detail: choice.detail,
			model: choice.info,
		}));
		const fallback = items.find((item) => item.model.id === defaultId);
		return fallback
			? [
					{ ...fallback, description: [fallback.description, vscode.l10n.t('last used')].filter(Boolean).join(' · ') },
					...items.filter((item) => item !== fallback),
				]
			: items;
	};
	const quickPick = vscode.window.createQuickPick<Item>();
	quickPick.title = vscode.l10n.t('Generate Image: {0}', vscode.l10n.t('Model'));
	quickPick.step = 2;
	quickPick.totalSteps = TOTAL_STEPS;
	quickPick.ignoreFocusOut = true;
	quickPick.matchOnDescription = true;
	quickPick.matchOnDetail = true;
	const refreshButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Refresh Model List') };
	quickPick.buttons = apiKey ? [refreshButton] : [];
	const show = (choices: readonly ModelChoice[]) => {
		const active = quickPick.activeItems[0]?.label;
		quickPick.items = toItems(choices);
		// Keep the highlighted model across a refreshed list, else the first (the default).
		const keep = quickPick.items.find((item) => item.label === active) ?? quickPick.items[0];
		quickPick.activeItems = keep ? [keep] : [];
	};
	const fetchList = (fetch: () => Promise<readonly ModelChoice[]>) => {
		quickPick.busy = true;
		void fetch()
			.then(
				(choices) => show(choices),
				() => undefined,
			)
			.finally(() => {
				quickPick.busy = false;
			});
	};
	show(directory.choices(endpoint));
	fetchList(() => directory.load(endpoint, apiKey));
	quickPick.onDidTriggerButton((button) => {
		if (button === refreshButton && apiKey) {
			fetchList(() => directory.refresh(endpoint, apiKey));
		}
	});
	try {
		return await new Promise<ModelInfo | undefined>((resolve) => {
			quickPick.onDidAccept(() => {
				const picked = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
				if (picked) {
					resolve(picked.model);
					quickPick.hide();
				}
			});
			quickPick.onDidHide(() => resolve(undefined));
			quickPick.show();
		});
	} finally {
		quickPick.dispose();
	}
}

export async function askChoice(title: string, items: vscode.QuickPickItem[], defaultLabel: string, step: number): Promise<string | undefined> {
	const fallback = items.find((item) => item.label === defaultLabel) ?? items[0];
	const ordered = [
		{ ...fallback, description: [fallback.description, vscode.l10n.t('last used')].filter(Boolean).join(' · ') },
		...items.filter((item) => item !== fallback),
	];
	return (await showPick(title, ordered, step))?.label;
}

async function showPick<T extends vscode.QuickPickItem>(title: string, items: T[], step: number): Promise<T | undefined> {
	const quickPick = vscode.window.createQuickPick<T>();
	quickPick.title = vscode.l10n.t('Generate Image: {0}', title);
	quickPick.step = step;
	quickPick.totalSteps = TOTAL_STEPS;
	quickPick.items = items;
	quickPick.activeItems = items.slice(0, 1);
	quickPick.ignoreFocusOut = true;
	try {
		return await new Promise<T | undefined>((resolve) => {
			quickPick.onDidAccept(() => {
				resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]);
				quickPick.hide();
			});
			quickPick.onDidHide(() => resolve(undefined));
			quickPick.show();
		});
	} finally {
		quickPick.dispose();
	}
}
