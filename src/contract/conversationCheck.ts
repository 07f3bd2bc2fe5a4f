/**
 * The studio part of the contract check: a short conversation whose history is built by the studio's own builder
 * (`src/studio/session.ts`), sent in each shape the studio sends: verbatim, trimmed (older images left out with the
 * documented placeholder), and after a model switch (another model's turns with the placeholder on every part). If
 * the builder drifts from what the API accepts, this is where it shows.
 */
import type { ChatClient } from '../gemini/chatClient';
import type { CallOptions } from '../gemini/geminiClient';
import { estimateImagePriceUsd, ModelInfo } from '../gemini/modelCatalog';
import { buildContents, LEFT_OUT_IMAGE_TEXT, NO_HISTORY_LIMITS, SKIP_SIGNATURE_VALIDATION } from '../studio/historyBuilder';
import { createSession, storeModelParts, StudioSession } from '../studio/session';
import type { ContractRow } from './contractCheck';

export type ConversationShape = 'first turn' | 'verbatim' | 'trimmed' | 'model switch';

export interface ConversationStep {
	readonly shape: ConversationShape;
	readonly model: ModelInfo;
	readonly prompt: string;
}

/** Three turns on one model (new, verbatim, trimmed), then one on another model where there is one. */
export function conversationSteps(model: ModelInfo, switchTo: ModelInfo | undefined): ConversationStep[] {
	const steps: ConversationStep[] = [
		{ shape: 'first turn', model, prompt: 'A flat red circle sticker on white.' },
		{ shape: 'verbatim', model, prompt: 'Make the circle blue.' },
		{ shape: 'trimmed', model, prompt: 'Add a thin black outline.' },
	];
	if (switchTo) {
		steps.push({ shape: 'model switch', model: switchTo, prompt: 'Now make it green.' });
	}
	return steps;
}

export function estimateConversationCostUsd(steps: readonly ConversationStep[]): number {
	return steps.reduce((sum, step) => sum + (estimateImagePriceUsd(step.model, step.model.imageSizes[0]) ?? 0) + 0.002, 0);
}

/**
 * Sends the steps in order, each with the history the studio would build for it; a refused step ends the run (later
 * steps need its reply) and the rest are reported as skipped.
 */
export async function runConversation(client: ChatClient, model: ModelInfo, switchTo: ModelInfo | undefined, options: CallOptions): Promise<ContractRow[]> {
	const rows: ContractRow[] = [];
	const images = new Map<string, Uint8Array>();
	const session: StudioSession = createSession('contract', model.id);
	let refused = false;
	for (const [index, step] of conversationSteps(model, switchTo).entries()) {
		const name = `studio ${index + 1}: ${step.shape} (${step.model.id})`;
		const assumption = assumptionOf(step.shape);
		if (refused) {
			rows.push({ check: name, assumption, observed: 'not sent (an earlier turn was refused)', outcome: 'skipped' });
			continue;
		}
		const contents = historyFor(session, step, (file) => images.get(file)!);
		const placeholders = contents.flatMap((content) => content.parts).filter((part) => part.thoughtSignature === SKIP_SIGNATURE_VALIDATION).length;
		const notes = contents.flatMap((content) => content.parts).filter((part) => part.text === LEFT_OUT_IMAGE_TEXT).length;
		if ((step.shape === 'trimmed' && notes === 0) || (step.shape === 'model switch' && placeholders === 0)) {
			// The shape under test did not occur: a check that cannot fail is no check.
			rows.push({ check: name, assumption, observed: 'the studio built no such history (nothing left out, no placeholder)', outcome: 'fail' });
			refused = true;
			continue;
		}
		try {
			const reply = await client.send(
				{ model: step.model.id, contents, aspectRatio: '1:1', imageSize: step.model.imageSizes[0], includeThoughts: step.model.supportsThinking },
				options,
			);
			const turnId = `t${index + 1}`;
			const stored = storeModelParts(reply.parts as Record<string, unknown>[], (part, extension) => `${turnId}-p${part}.${extension}`);
			stored.images.forEach((image) => images.set(image.file, image.bytes));
			session.turns.push({
				id: turnId,
				model: step.model.id,
				prompt: step.prompt,
				attachments: [],
				response: stored.parts,
				createdAt: new Date().toISOString(),
			});
			session.model = step.model.id;
			rows.push({
				check: name,
				assumption,
				observed: `accepted, ${reply.imageCount} image(s), ${contents.length} contents${notes > 0 ? `, ${notes} image(s) left out` : ''}${placeholders > 0 ? `, ${placeholders} placeholder signature(s)` : ''}`,
				outcome: reply.imageCount > 0 ? 'pass' : 'drift',
			});
		} catch (error) {
			refused = true;
			rows.push({
				check: name,
				assumption,
				observed: `refused: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`,
				outcome: 'fail',
			});
		}
	}
	return rows;
}

function assumptionOf(shape: ConversationShape): string {
	switch (shape) {
		case 'first turn':
			return 'a new conversation is answered with an image';
		case 'verbatim':
			return 'the model parts replayed as received (signatures on their own parts) are accepted';
		case 'trimmed':
			return 'older images left out, the note carrying skip_thought_signature_validator, is accepted';
		case 'model switch':
			return "another model's turns, every part with skip_thought_signature_validator and no thoughts, are accepted";
	}
}

/** The history the studio builds for the step's shape. */
function historyFor(session: StudioSession, step: ConversationStep, readImage: (file: string) => Uint8Array) {
	const next = { prompt: step.prompt, model: step.model.id };
	// Trimmed: only the latest image stays, as when the byte budget or the model's image limit is reached.
	return buildContents(session, next, readImage, step.shape === 'trimmed' ? { ...NO_HISTORY_LIMITS, maxImages: 1 } : NO_HISTORY_LIMITS);
}
