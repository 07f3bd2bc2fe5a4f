/**
 * Multi-turn image chat for the studio: one `generateContent` with the whole conversation as `contents`, built by
 * the caller with the model parts exactly as received (thought parts and `thoughtSignature` included; Gemini 3
 * rejects a turn whose history lost them). A plain `generateContent` rather than `ai.chats`, so that what is sent is
 * exactly the stored history. Timeout, retries, cancel and error mapping work as in {@link GeminiImageGenerator}.
 */
import { CallOptions, callGemini, replyLimits } from './geminiClient';
import { DEFAULT_REPLY_LIMITS, isReadableImageData, LeftOutPart, parseImageResponse, ReplyLimits, WirePart, WireResponse } from './responseParser';

export interface ChatRequest {
	readonly model: string;
	/** The whole conversation, ending with the new user turn. */
	readonly contents: readonly { readonly role: 'user' | 'model'; readonly parts: readonly Record<string, unknown>[] }[];
	/** Ask for thought summaries (and interim thought images); only for models that think. */
	readonly includeThoughts?: boolean;
	/** `imageConfig`; absent values are left to the model. */
	readonly aspectRatio?: string;
	readonly imageSize?: string;
	/** Answer with images only (`responseModalities: ['IMAGE']`) rather than text and images. */
	readonly imageOnly?: boolean;
	/** Ground the answer with the Google Search tool (the caller checks that the model has it). */
	readonly googleSearch?: boolean;
	/** `thinkingConfig.thinkingLevel`, for models with a level control (the caller checks). */
	readonly thinkingLevel?: string;
}

/** Google Search grounding of a reply, reduced to what the studio shows. */
export interface ChatGrounding {
	/** Web sources with http(s) URIs only. */
	readonly sources: { readonly title: string; readonly uri: string }[];
	readonly queries: string[];
	/** `searchEntryPoint.renderedContent`: Google's HTML, untrusted (shown only in a sandboxed frame). */
	readonly searchEntryPointHtml?: string;
}

export interface ChatReply {
	/** The model's parts exactly as received, to be stored and replayed (but for `leftOutParts`). */
	readonly parts: WirePart[];
	/**
	 * Image parts of `parts` not to store or send back (unreadable, or beyond the per-reply limit): the caller puts a
	 * note in their place. Empty for most replies.
	 */
	readonly leftOutParts: readonly LeftOutPart[];
	readonly imageCount: number;
	readonly finishReason?: string;
	readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly thoughtTokens: number };
	readonly grounding?: ChatGrounding;
}

export interface ChatClient {
	send(request: ChatRequest, options: CallOptions): Promise<ChatReply>;
}

/**
 * Accepts a reply with images (checked as for Generate) or, in a chat, text alone (the model may ask a question);
 * blocked prompts, empty replies and refusals become the same errors as everywhere else.
 */
export function parseChatResponse(response: WireResponse, limits: ReplyLimits = DEFAULT_REPLY_LIMITS): ChatReply {
	const candidate = response?.candidates?.[0];
	const parts = Array.isArray(candidate?.content?.parts) ? candidate!.content!.parts! : [];
	const hasImage = parts.some((part) => part && typeof part === 'object' && part.inlineData && !part.thought);
	const hasText = parts.some((part) => part && typeof part === 'object' && typeof part.text === 'string' && !part.thought && part.text.trim() !== '');
	const finishReason = candidate?.finishReason;
	const usage = {
		inputTokens: tokenCount(response?.usageMetadata?.promptTokenCount),
		outputTokens: tokenCount(response?.usageMetadata?.candidatesTokenCount),
		thoughtTokens: tokenCount(response?.usageMetadata?.thoughtsTokenCount),
	};
	const grounding = parseGrounding(candidate?.groundingMetadata);
	if (!hasImage && hasText && !response.promptFeedback?.blockReason && (finishReason === undefined || finishReason === 'STOP')) {
		// Text alone; a thought image beside it is still checked, as it would be stored and sent back.
		const leftOutParts = parts.flatMap((part, index): LeftOutPart[] =>
			part && typeof part === 'object' && typeof part.inlineData?.data === 'string' && !isReadableImageData(part.inlineData.data)
				? [{ index, reason: 'unreadable' }]
				: [],
		);
		return { parts, leftOutParts, imageCount: 0, finishReason, usage, grounding };
	}
	const parsed = parseImageResponse(response, limits); // Throws the user-facing error when there is no usable image.
	return {
		parts: parsed.modelParts,
		leftOutParts: parsed.leftOutParts,
		imageCount: parsed.images.length,
		finishReason: parsed.finishReason,
		usage,
		grounding,
	};
}

function tokenCount(value: unknown): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

const MAX_SOURCES = 20;
const MAX_ENTRY_POINT_HTML = 64 * 1024;

/** Reads `groundingMetadata` defensively: only http(s) sources, bounded strings; undefined when there is nothing to show. */
export function parseGrounding(value: unknown): ChatGrounding | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}
	const metadata = value as { groundingChunks?: unknown; webSearchQueries?: unknown; searchEntryPoint?: { renderedContent?: unknown } };
	const sources: { title: string; uri: string }[] = [];
	if (Array.isArray(metadata.groundingChunks)) {
		for (const chunk of metadata.groundingChunks as { web?: { uri?: unknown; title?: unknown } }[]) {
			const uri = chunk?.web?.uri;
			if (typeof uri !== 'string' || uri.length > 2048 || !/^https?:\/\//i.test(uri) || sources.length >= MAX_SOURCES) {
				continue;
			}
			const title = typeof chunk.web?.title === 'string' && chunk.web.title.trim() !== '' ? chunk.web.title.slice(0, 200) : uri.slice(0, 200);
			sources.push({ title, uri });
		}
	}
	const queries = Array.isArray(metadata.webSearchQueries)
		? (metadata.webSearchQueries as unknown[])
				.filter((query): query is string => typeof query === 'string')
				.map((query) => query.slice(0, 200))
				.slice(0, 10)
		: [];
	const html = metadata.searchEntryPoint?.renderedContent;
	const searchEntryPointHtml = typeof html === 'string' && html.length > 0 && html.length <= MAX_ENTRY_POINT_HTML ? html : undefined;
	if (sources.length === 0 && queries.length === 0 && !searchEntryPointHtml) {
		return undefined;
	}
	return { sources, queries, searchEntryPointHtml };
}

export class GeminiChatClient implements ChatClient {
	send(request: ChatRequest, options: CallOptions): Promise<ChatReply> {
		return callGemini(request.model, options, async (ai, signal) => {
			const config: Record<string, unknown> = { responseModalities: request.imageOnly ? ['IMAGE'] : ['TEXT', 'IMAGE'], abortSignal: signal };
			// https://ai.google.dev/gemini-api/docs/thinking: includeThoughts and thinkingLevel in one thinkingConfig.
			if (request.includeThoughts || request.thinkingLevel) {
				config.thinkingConfig = {
					...(request.includeThoughts ? { includeThoughts: true } : {}),
					...(request.thinkingLevel ? { thinkingLevel: request.thinkingLevel } : {}),
				};
			}
			if (request.aspectRatio || request.imageSize) {
				config.imageConfig = {
					...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
					...(request.imageSize ? { imageSize: request.imageSize } : {}),
				};
			}
			if (request.googleSearch) {
				config.tools = [{ googleSearch: {} }];
			}
			const response = await ai.models.generateContent({
				model: request.model,
				contents: request.contents as never,
				config: config as never,
			});
			return parseChatResponse(response as unknown as WireResponse, replyLimits(options));
		});
	}
}
