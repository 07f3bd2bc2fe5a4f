import * as vscode from 'vscode';
import type { Command } from '../commandManager';
import { readConfig } from '../config';
import { errorMessage, ImageStudioError } from '../core/errors';
import { isStudioRequestOptions, MAX_STUDIO_PROMPT_LENGTH, StudioRequestOptions } from '../shared/protocol';
import { assertThinkingLevelFor, parseThinkingLevel } from '../studio/studioModels';
import type { StudioManager } from '../studio/studioManager';
import type { StudioPanel } from '../studio/studioPanel';
import type { StudioTurnResult } from '../studio/turnRunner';

/** The argument object of `imageStudio.openStudio`. */
export interface OpenStudioArgs {
	/** Sent as a turn: the first turn of a new conversation, or the next turn of the open one. */
	readonly prompt?: string;
	/** Model of the turn (default: the conversation's, else `imageStudio.model`). */
	readonly model?: string;
	/** Start a new conversation even when a studio is open (default: only when there is no prompt). */
	readonly newSession?: boolean;
	/** Open this stored conversation (its id, as `OpenStudioResult.sessionId` gave it) and send `prompt` to it. */
	readonly sessionId?: string;
	/** Controls of the turn (default: the conversation's last ones): `aspectRatio` such as "16:9", `imageSize` "1K"… */
	readonly aspectRatio?: string;
	readonly imageSize?: string;
	/** "textAndImage" (default) or "imageOnly". */
	readonly output?: StudioRequestOptions['output'];
	/** Ground the turn in Google Search (where the model has it). */
	readonly googleSearch?: boolean;
	/**
	 * `thinkingConfig.thinkingLevel` of the turn ("minimal", "low", "medium", "high", any case), checked against the
	 * model when the catalog knows it (passed on for an unknown one). Absent: the conversation's last choice, else the
	 * model decides.
	 */
	readonly thinkingLevel?: string;
}

/** What the command resolves to: the session, and the turn's outcome when a prompt was sent. */
export interface OpenStudioResult {
	readonly sessionId: string;
	readonly turn?: StudioTurnResult;
}

/**
 * `imageStudio.openStudio`: without arguments opens a new studio conversation. With `{ prompt }` sends the prompt to
 * the active studio (or a new one when none is open) and resolves once the turn is answered or failed; the outcome is
 * shown inline in the panel, so nothing modal is shown.
 */
export class OpenStudioCommand implements Command {
	readonly id = 'imageStudio.openStudio';
	readonly title = vscode.l10n.t('Open Studio');

	constructor(private readonly _studio: StudioManager) {}

	async execute(args?: unknown): Promise<OpenStudioResult | undefined> {
		const parsed = parseArgs(args);
		const thinkingLevel = parsed.options?.thinkingLevel;
		// Checked before anything opens, against the model the turn will go to.
		const checkThinkingLevel = (model: string) => thinkingLevel !== undefined && assertThinkingLevelFor(model, thinkingLevel);
		if (parsed.model !== undefined) {
			checkThinkingLevel(parsed.model);
		}
		let panel: StudioPanel | undefined;
		if (parsed.sessionId !== undefined) {
			panel = await this._studio.openSession(parsed.sessionId).catch((error: unknown) => {
				throw new ImageStudioError(
					'invalidInput',
					vscode.l10n.t('The studio conversation {0} could not be opened: {1}', parsed.sessionId ?? '', errorMessage(error)),
				);
			});
			checkThinkingLevel(parsed.model ?? panel.session.model);
		} else {
			panel = parsed.prompt !== undefined && !parsed.newSession ? this._studio.activePanel : undefined;
			checkThinkingLevel(parsed.model ?? panel?.session.model ?? readConfig().model);
			if (panel) {
				panel.panel.reveal(undefined, false);
			} else {
				panel = this._studio.open(parsed.model);
			}
		}
		if (parsed.prompt === undefined) {
			return { sessionId: panel.session.id };
		}
		const turn = await panel.send(parsed.prompt, parsed.model, args === undefined, parsed.options);
		return { sessionId: panel.session.id, turn };
	}
}

function parseArgs(
	value: unknown,
): Omit<OpenStudioArgs, 'aspectRatio' | 'imageSize' | 'output' | 'googleSearch' | 'thinkingLevel'> & { options?: Partial<StudioRequestOptions> } {
	if (value === undefined || value === null) {
		return {};
	}
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new ImageStudioError(
			'invalidInput',
			vscode.l10n.t('Open Studio takes { prompt?, model?, newSession?, sessionId?, aspectRatio?, imageSize?, output?, googleSearch?, thinkingLevel? }.'),
		);
	}
	const args = value as Record<string, unknown>;
	if (args.prompt !== undefined && (typeof args.prompt !== 'string' || args.prompt.trim() === '' || args.prompt.length > MAX_STUDIO_PROMPT_LENGTH)) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"prompt" must be a non-empty string of at most {0} characters.', MAX_STUDIO_PROMPT_LENGTH));
	}
	if (args.model !== undefined && (typeof args.model !== 'string' || args.model.trim() === '')) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"model" must be a model ID such as gemini-3.1-flash-image.'));
	}
	if (args.newSession !== undefined && typeof args.newSession !== 'boolean') {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"{0}" must be true or false.', 'newSession'));
	}
	if (args.sessionId !== undefined && (typeof args.sessionId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(args.sessionId))) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"sessionId" must be the id of a studio conversation.'));
	}
	const thinkingLevel = args.thinkingLevel === undefined ? undefined : parseThinkingLevel(args.thinkingLevel);
	if (args.thinkingLevel !== undefined && thinkingLevel === undefined) {
		throw new ImageStudioError('invalidInput', vscode.l10n.t('"thinkingLevel" must be "minimal", "low", "medium" or "high".'));
	}
	// Validated as a whole with the webview's own guard (defaults filled in only to complete the shape).
	const options = {
		...(args.aspectRatio !== undefined ? { aspectRatio: args.aspectRatio } : {}),
		...(args.imageSize !== undefined ? { imageSize: args.imageSize } : {}),
		output: args.output ?? 'textAndImage',
		googleSearch: args.googleSearch ?? false,
	};
	if (!isStudioRequestOptions(options)) {
		throw new ImageStudioError(
			'invalidInput',
			vscode.l10n.t(
				'"aspectRatio" must look like "16:9", "imageSize" be 512, 1K, 2K or 4K, "output" be "textAndImage" or "imageOnly", and "googleSearch" true or false.',
			),
		);
	}
	return {
		prompt: args.prompt as string | undefined,
		model: (args.model as string | undefined)?.trim(),
		newSession: args.newSession as boolean | undefined,
		sessionId: args.sessionId as string | undefined,
		// Checked above; absent ones stay absent, so the conversation's last controls apply.
		options: {
			aspectRatio: options.aspectRatio,
			imageSize: options.imageSize,
			output: args.output as StudioRequestOptions['output'] | undefined,
			googleSearch: args.googleSearch as boolean | undefined,
			thinkingLevel,
		},
	};
}
