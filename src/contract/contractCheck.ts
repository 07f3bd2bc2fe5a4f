/**
 * The contract check: the smallest set of cheap live calls that tells whether what the extension assumes about the
 * Gemini API still holds: the model list, one small non-square image per model the catalog knows and the endpoint
 * lists, and a short studio conversation replayed in every shape the studio sends. Each check is a row: what we
 * assume, what the API did, and pass, drift (the API answered, but not as the catalog says) or fail (a call we rely on
 * was refused).
 *
 * No `vscode`: the same module runs in the command "Check API Compatibility…" and in `npm run contract`, where
 * `npm test` points it at the fake Gemini (and it must pass there). CI never calls Google.
 */
import { ChatClient, GeminiChatClient } from '../gemini/chatClient';
import { CallOptions } from '../gemini/geminiClient';
import { estimateImagePriceUsd, findModel, ImageSize, MODEL_CATALOG, ModelInfo, outputTokensPerImage } from '../gemini/modelCatalog';
import { listModels, ListedModel, isImageModel } from '../gemini/modelList';
import { DEFAULT_RETRY_POLICY } from '../gemini/retryPolicy';
import { decodeBase64Strict } from '../gemini/responseParser';
import { readImageDimensions, sniffImageType } from '../core/imageType';
import { ConversationShape, conversationSteps, estimateConversationCostUsd, runConversation } from './conversationCheck';

export type ContractOutcome = 'pass' | 'drift' | 'fail' | 'skipped';

export interface ContractRow {
	readonly check: string;
	readonly assumption: string;
	readonly observed: string;
	readonly outcome: ContractOutcome;
}

export interface ContractOptions {
	readonly apiKey: string;
	/** The SDK base URL (empty: Google's endpoint). */
	readonly endpoint: string;
	readonly timeoutMs?: number;
	readonly signal?: AbortSignal;
	/** Told as each check finishes. */
	readonly onRow?: (row: ContractRow) => void;
	readonly chatClient?: ChatClient;
}

/** What a run will do and roughly cost, known after the (free) model list. */
export interface ContractPlan {
	readonly listed: readonly ListedModel[];
	readonly imageModels: readonly ListedModel[];
	/** One small image each. */
	readonly imageChecks: readonly { readonly model: ModelInfo; readonly size: ImageSize | undefined; readonly aspectRatio: string }[];
	/** The studio conversation: its model and the model it switches to (undefined when only one family is listed). */
	readonly conversation?: { readonly model: ModelInfo; readonly switchTo?: ModelInfo };
	readonly requestCount: number;
	readonly estimatedCostUsd: number;
	/** Rows already known from the list (listed or not, unknown to the catalog). */
	readonly listRows: readonly ContractRow[];
}

/** A non-square ratio every known image model takes. */
const CHECK_ASPECT_RATIO = '3:2';

function callOptions(options: ContractOptions): CallOptions {
	return {
		apiKey: options.apiKey,
		endpoint: options.endpoint,
		timeoutMs: options.timeoutMs ?? 120_000,
		signal: options.signal,
		// Live calls cost money: one retry for a passing 503, none for anything else.
		retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: 1 },
	};
}

/** Lists the models (free) and plans the paid calls. */
export async function planContract(options: ContractOptions): Promise<ContractPlan> {
	const listed = await listModels(callOptions(options));
	const imageModels = listed.filter(isImageModel);
	const listRows: ContractRow[] = [
		row(
			'models.list',
			'lists the image models, in pages',
			`${listed.length} models, ${imageModels.length} image models`,
			imageModels.length > 0 ? 'pass' : 'fail',
		),
	];
	const listedIds = new Set(listed.map((model) => model.id));
	const usable: ModelInfo[] = [];
	// Every catalog model, current ones first: listed unless shut down, absent when shut down.
	const statusRank = { ga: 0, preview: 1, deprecated: 2, shutDown: 3 };
	for (const model of [...MODEL_CATALOG].sort((a, b) => statusRank[a.status] - statusRank[b.status])) {
		const id = model.id;
		const isListed = listedIds.has(id);
		const expectListed = model.status !== 'shutDown';
		listRows.push(
			row(
				`listed: ${id}`,
				expectListed ? `listed (${model.status})` : `not listed (shut down ${model.shutDownOn ?? ''})`.trim(),
				isListed ? 'listed' : 'not listed',
				isListed === expectListed ? 'pass' : 'drift',
			),
		);
		if (isListed && model.status !== 'shutDown') {
			usable.push(model);
		}
	}
	for (const model of imageModels.filter((entry) => !findModel(entry.id))) {
		listRows.push(
			row(`listed: ${model.id}`, 'every listed image model is in the catalog', `listed, not in the catalog (${model.displayName ?? model.id})`, 'drift'),
		);
	}
	const imageChecks = usable.map((model) => ({ model, size: smallestSize(model), aspectRatio: CHECK_ASPECT_RATIO }));
	const current = usable.filter((model) => model.status === 'ga');
	const conversationModel = current.find((model) => model.supportsThinking) ?? current[0];
	const switchTo = conversationModel ? cheapest(current.filter((model) => model.id !== conversationModel.id)) : undefined;
	const conversation = conversationModel ? { model: conversationModel, switchTo } : undefined;
	const steps = conversation ? conversationSteps(conversation.model, conversation.switchTo) : [];
	const estimatedCostUsd =
		imageChecks.reduce((sum, check) => sum + (estimateImagePriceUsd(check.model, check.size) ?? 0) + 0.001, 0) +
		(conversation ? estimateConversationCostUsd(steps) : 0);
	return { listed, imageModels, imageChecks, conversation, requestCount: imageChecks.length + steps.length, estimatedCostUsd, listRows };
}

/** Runs the planned calls and returns every row, the list's first. */
export async function runContract(plan: ContractPlan, options: ContractOptions): Promise<ContractRow[]> {
	const rows: ContractRow[] = [];
	const add = (...added: ContractRow[]) => {
		for (const entry of added) {
			rows.push(entry);
			options.onRow?.(entry);
		}
	};
	add(...plan.listRows);
	const client = options.chatClient ?? new GeminiChatClient();
	for (const check of plan.imageChecks) {
		add(...(await checkImage(client, check.model, check.size, check.aspectRatio, options)));
	}
	if (plan.conversation) {
		add(...(await runConversation(client, plan.conversation.model, plan.conversation.switchTo, callOptions(options))));
	}
	return rows;
}

async function checkImage(
	client: ChatClient,
	model: ModelInfo,
	size: ImageSize | undefined,
	aspectRatio: string,
	options: ContractOptions,
): Promise<ContractRow[]> {
	const name = `${model.id} ${size ?? ''} ${aspectRatio}`.replace(/\s+/g, ' ');
	let reply;
	try {
		reply = await client.send(
			{
				model: model.id,
				contents: [{ role: 'user', parts: [{ text: 'A flat red circle on a white background, simple icon.' }] }],
				aspectRatio,
				imageSize: size,
				imageOnly: false,
			},
			callOptions(options),
		);
	} catch (error) {
		return [row(`image: ${name}`, 'accepted, one image back', `refused: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`, 'fail')];
	}
	const rows: ContractRow[] = [];
	const imagePart = reply.parts.find((part) => part.inlineData && !part.thought);
	const bytes = typeof imagePart?.inlineData?.data === 'string' ? decodeBase64Strict(imagePart.inlineData.data) : undefined;
	const type = bytes ? sniffImageType(bytes) : undefined;
	rows.push(
		row(
			`image: ${name}`,
			`accepted, one ${model.outputMimeType} back`,
			type ? `${reply.imageCount} image(s), ${type.mimeType}` : 'no image',
			!type ? 'fail' : type.mimeType === model.outputMimeType ? 'pass' : 'drift',
		),
	);
	if (bytes && type) {
		const dimensions = readImageDimensions(bytes);
		const [w, h] = aspectRatio.split(':').map(Number);
		const ratioOk = dimensions !== undefined && Math.abs(dimensions.width / dimensions.height - w / h) / (w / h) < 0.03;
		rows.push(
			row(
				`shape: ${name}`,
				`${aspectRatio} within 3 %`,
				dimensions ? `${dimensions.width}×${dimensions.height}` : 'dimensions unreadable',
				ratioOk ? 'pass' : 'drift',
			),
		);
		if (dimensions && size) {
			const side = size === '512' ? 512 : parseInt(size, 10) * 1024;
			const area = (dimensions.width * dimensions.height) / (side * side);
			rows.push(row(`size: ${name}`, `about ${size}² pixels (0.6–1.6×)`, `${area.toFixed(2)}×`, area >= 0.6 && area <= 1.6 ? 'pass' : 'drift'));
		}
	}
	const expectedTokens = outputTokensPerImage(model, size);
	const observedTokens = reply.usage.outputTokens;
	rows.push(
		row(
			`output tokens: ${name}`,
			`${expectedTokens} per image (±15 %)`,
			`${observedTokens}`,
			reply.imageCount > 0 && Math.abs(observedTokens / reply.imageCount - expectedTokens) <= expectedTokens * 0.15 ? 'pass' : 'drift',
		),
	);
	if (model.supportsThinking) {
		rows.push(
			row(
				`signature: ${name}`,
				'the image part carries a thoughtSignature',
				typeof imagePart?.thoughtSignature === 'string' ? 'signed' : 'unsigned',
				typeof imagePart?.thoughtSignature === 'string' ? 'pass' : 'drift',
			),
		);
	}
	return rows;
}

function smallestSize(model: ModelInfo): ImageSize | undefined {
	return model.imageSizes[0];
}

function cheapest(models: readonly ModelInfo[]): ModelInfo | undefined {
	return [...models].sort((a, b) => (estimateImagePriceUsd(a, smallestSize(a)) ?? 1) - (estimateImagePriceUsd(b, smallestSize(b)) ?? 1))[0];
}

export function row(check: string, assumption: string, observed: string, outcome: ContractOutcome): ContractRow {
	return { check, assumption, observed, outcome };
}

/** The rows as a Markdown table, with a one-line verdict. */
export function formatContractTable(rows: readonly ContractRow[]): string {
	const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
	const lines = ['| check | we assume | the API did | result |', '| --- | --- | --- | --- |'];
	for (const entry of rows) {
		lines.push(`| ${escape(entry.check)} | ${escape(entry.assumption)} | ${escape(entry.observed)} | ${entry.outcome} |`);
	}
	lines.push('', contractVerdict(rows));
	return lines.join('\n');
}

export function contractVerdict(rows: readonly ContractRow[]): string {
	const count = (outcome: ContractOutcome) => rows.filter((entry) => entry.outcome === outcome).length;
	return `${count('pass')} pass, ${count('drift')} drift, ${count('fail')} fail`;
}

export function contractPassed(rows: readonly ContractRow[]): boolean {
	return rows.length > 0 && rows.every((entry) => entry.outcome === 'pass' || entry.outcome === 'skipped');
}

export type { ConversationShape };
