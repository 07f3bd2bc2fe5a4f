/**
 * Multi-turn image chat for the studio: one `generateContent` with the whole conversation as `contents`, built by
 * the caller with the model parts exactly as received (thought parts and `thoughtSignature` included; Gemini 3
 * rejects a turn whose history lost them). A plain `generateContent` rather than `ai.chats`, so that what is sent is
 * exactly the stored history. Timeout, retries, cancel and error mapping work as in {@link GeminiImageGenerator}.
 */
import { CallOptions, callGemini } from './geminiClient';
import { parseImageResponse, WirePart, WireResponse } from './responseParser';

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
	send(request: ChatRequest, options: CallOptions): Promise<ChatReply> {
		return callGemini(request.model, options, async (ai, signal) => {
			const config: Record<string, unknown> = { responseModalities: ['TEXT', 'IMAGE'], abortSignal: signal };
			if (request.includeThoughts) {
				config.thinkingConfig = { includeThoughts: true };
			}
			const response = await ai.models.generateContent({
				model: request.model,
				contents: request.contents as never,
				config: config as never,
			});
			return parseChatResponse(response as unknown as WireResponse);
		});
	}
}
