/**
 * Multi-turn image chat for the studio: one `generateContent` with the whole conversation as `contents`, built by
 * the caller with the model parts exactly as received (thought parts and `thoughtSignature` included; Gemini 3
 * rejects a turn whose history lost them). A plain `generateContent` rather than `ai.chats`, so that what is sent is
 * exactly the stored history. Timeout, retries, cancel and error mapping work as in {@link GeminiImageGenerator}.
 */
import { ImageStudioError, toImageStudioError } from './errors';
import { API_VERSION, CallOptions, normaliseEndpoint } from './geminiClient';
import { parseImageResponse, WirePart, WireResponse } from './responseParser';
import { retryDelayMs, sleep } from './retryPolicy';
import { loadGenAI } from './sdk';

export interface ChatRequest {
	readonly model: string;
	/** The whole conversation, ending with the new user turn. */
	readonly contents: readonly { readonly role: 'user' | 'model'; readonly parts: readonly Record<string, unknown>[] }[];
	/** Ask for thought summaries (and interim thought images); only for models that think. */
	readonly includeThoughts?: boolean;
}

export interface ChatReply {
	/** The model's parts exactly as received, to be stored and replayed. */
	readonly parts: WirePart[];
	readonly imageCount: number;
	readonly finishReason?: string;
}

export interface ChatClient {
	send(request: ChatRequest, options: CallOptions): Promise<ChatReply>;
}

/**
 * Accepts a reply with images (checked as for Generate) or, in a chat, text alone (the model may ask a question);
 * blocked prompts, empty replies and refusals become the same errors as everywhere else.
 */
export function parseChatResponse(response: WireResponse): ChatReply {
	const candidate = response?.candidates?.[0];
	const parts = Array.isArray(candidate?.content?.parts) ? candidate!.content!.parts! : [];
	const hasImage = parts.some((part) => part && typeof part === 'object' && part.inlineData && !part.thought);
	const hasText = parts.some((part) => part && typeof part === 'object' && typeof part.text === 'string' && !part.thought && part.text.trim() !== '');
	const finishReason = candidate?.finishReason;
	if (!hasImage && hasText && !response.promptFeedback?.blockReason && (finishReason === undefined || finishReason === 'STOP')) {
		return { parts, imageCount: 0, finishReason };
	}
	const parsed = parseImageResponse(response); // Throws the user-facing error when there is no usable image.
	return { parts: parsed.modelParts, imageCount: parsed.images.length, finishReason: parsed.finishReason };
}

export class GeminiChatClient implements ChatClient {
	async send(request: ChatRequest, options: CallOptions): Promise<ChatReply> {
		const baseUrl = normaliseEndpoint(options.endpoint);
		const context = { model: request.model, endpoint: baseUrl };
		for (let retry = 0; ; retry++) {
			try {
				return await this._attempt(request, options, baseUrl);
			} catch (error) {
				const mapped = error instanceof ImageStudioError ? error : toImageStudioError(error, context);
				const delay = retryDelayMs(mapped, retry, options.retryPolicy);
				if (delay === undefined || options.signal?.aborted) {
					throw mapped;
				}
				options.onRetry?.({ retry: retry + 1, delayMs: delay, error: mapped });
				try {
					await sleep(delay, options.signal);
				} catch (sleepError) {
					throw toImageStudioError(sleepError, context, 'cancelled');
				}
			}
		}
	}

	private async _attempt(request: ChatRequest, options: CallOptions, baseUrl: string): Promise<ChatReply> {
		const context = { model: request.model, endpoint: baseUrl };
		if (options.signal?.aborted) {
			throw toImageStudioError(new Error('aborted'), context, 'cancelled');
		}
		const { GoogleGenAI } = loadGenAI();
		const ai = new GoogleGenAI({ apiKey: options.apiKey, apiVersion: API_VERSION, httpOptions: { baseUrl } });
		// One controller per attempt: the SDK loses `signal.reason`, so the cause is recorded here.
		const controller = new AbortController();
		let abortCause: 'cancelled' | 'timeout' | undefined;
		const onUserAbort = () => {
			abortCause ??= 'cancelled';
			controller.abort();
		};
		options.signal?.addEventListener('abort', onUserAbort, { once: true });
		const timer = setTimeout(() => {
			abortCause ??= 'timeout';
			controller.abort();
		}, options.timeoutMs);
		try {
			const config: Record<string, unknown> = { responseModalities: ['TEXT', 'IMAGE'], abortSignal: controller.signal };
			if (request.includeThoughts) {
				config.thinkingConfig = { includeThoughts: true };
			}
			const response = await ai.models.generateContent({
				model: request.model,
				contents: request.contents as never,
				config: config as never,
			});
			return parseChatResponse(response as unknown as WireResponse);
		} catch (error) {
			throw toImageStudioError(error, context, abortCause, options.timeoutMs);
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onUserAbort);
		}
	}
}
