// Reply bodies of generateContent and countTokens as Google sends them (gemini-wire.md §4–§6): what a request asks
// for (GenerateContext), images and text with thoughts, signatures, grounding and usage, the bodies of the other
// scripted kinds, Google's error bodies for `error` replies, and the split of a body into stream chunks. Pure JSON:
// writing it (and the faults) is sendReply.ts.
import { createHash } from 'node:crypto';
import type { RecordedRequest } from './exchange';
import {
	GoogleErrorBody,
	apiKeyInvalid,
	googleError,
	googleStatusFor,
	modelNotFound,
	permissionDenied,
	resourceExhausted,
	unauthenticated,
	MSG_DEADLINE,
	MSG_INTERNAL,
	MSG_OVERLOADED,
} from './googleErrors';
import { Backdrop, backdropFor, renderBackdropImage } from './backgrounds';
import { FakeImageMime, expectedDimensions, promptSeed, renderFakeImage } from './images';
import type { FakeModel, ModelCapabilities } from './modelTable';
import type { CorruptBase64Reply, ErrorReply, ImageReply, ScriptedReply, TextReply } from './scriptedReplies';
import type { SignatureLedger } from './signatures';

type Json = any;

/** What the server knows about one generate request while building a reply. */
export interface GenerateContext {
	id: number;
	model: string;
	/** The table's capabilities of the model (signing, token counts). */
	caps: ModelCapabilities;
	/** `imageConfig.imageSize` asked for (default 1K). */
	imageSize: string;
	mime: FakeImageMime;
	width: number;
	height: number;
	seed: number;
	promptText: string;
	promptTextTokens: number;
	promptImageTokens: number;
	includeThoughts: boolean;
	googleSearch: boolean;
	wantsImage: boolean;
	/** The prompt asks for the subject on pure white or black (backgrounds.ts): the image is that backdrop. */
	backdrop?: Backdrop;
	/** Issues the signatures of the reply (for models whose entry signs). */
	signatures: SignatureLedger;
}

/** What building a context needs from the server besides the request and its model. */
export interface ContextEnv {
	/** `options.modelMime`: model → output mime, over the table's. */
	modelMime: Record<string, FakeImageMime>;
	/** The MIME type of the uploaded file a `fileData` uri names, if the fake holds it. */
	fileMime(uri: string): string | undefined;
	signatures: SignatureLedger;
}

/** Reads what a validated generate/countTokens request asks for: size, mime, seed, token counts, thoughts, Search. */
export function buildContext(rec: RecordedRequest, model: FakeModel, env: ContextEnv): GenerateContext {
	const body = rec.body;
	const contents: Json[] = Array.isArray(body.contents) ? body.contents : (body.generateContentRequest?.contents ?? []);
	const promptText = promptTextOf(body);
	let chars = 0;
	let images = 0;
	const count = (c: Json): void => {
		for (const p of (c?.parts ?? []) as Json[]) {
			if (typeof p?.text === 'string') {
				chars += p.text.length;
			}
			if (p?.inlineData) {
				images++;
			}
			const fd = p?.fileData ?? p?.file_data;
			if (fd && typeof fd === 'object') {
				const mime = fd.mimeType ?? fd.mime_type ?? env.fileMime(String(fd.fileUri ?? fd.file_uri ?? ''));
				if (typeof mime === 'string' && mime.toLowerCase().startsWith('image/')) {
					images++;
				}
			}
		}
	};
	contents.forEach(count);
	count(body.systemInstruction);
	const caps = model.capabilities;
	const ic = body.generationConfig?.imageConfig ?? {};
	const { width, height } = expectedDimensions(ic.aspectRatio ?? '1:1', ic.imageSize ?? '1K');
	const modalities: string[] | undefined = body.generationConfig?.responseModalities;
	return {
		id: rec.id,
		model: model.id,
		caps,
		imageSize: ic.imageSize ?? '1K',
		mime: env.modelMime[model.id] ?? caps.outputMimeType,
		width,
		height,
		seed: promptSeed(promptText),
		promptText,
		promptTextTokens: Math.max(1, Math.ceil(chars / 4)),
		promptImageTokens: images * caps.inputImageTokens,
		includeThoughts: body.generationConfig?.thinkingConfig?.includeThoughts === true,
		googleSearch: Array.isArray(body.tools) && body.tools.some((t: Json) => t && (t.googleSearch || t.google_search)),
		// Validation let through only modalities the model has; without any, an image model draws.
		wantsImage: modalities ? modalities.includes('IMAGE') : caps.outputModalities.includes('IMAGE'),
		signatures: env.signatures,
		backdrop: backdropFor(body, promptText),
	};
}

/** Signs where Google does (signatures.ts), for models whose table entry signs. */
function signParts(ctx: GenerateContext, parts: Json[]): Json[] {
	return ctx.caps.signatures ? ctx.signatures.signResponse(ctx.id, ctx.model, parts) : parts;
}

/** The fields every reply body ends with: modelVersion and a responseId derived from the request id. */
function envelope(ctx: GenerateContext, extra: Json): Json {
	return {
		...extra,
		modelVersion: ctx.model,
		responseId: createHash('sha256').update(`fake-gemini:${ctx.id}`).digest('base64url').slice(0, 22),
	};
}

/** An image or text reply: thought text and interim image when asked, text, the images, usage and grounding. */
function imageResponse(ctx: GenerateContext, reply: ImageReply | TextReply): Json {
	const parts: Json[] = [];
	let thoughtTokens = 0;
	let imageCount = 0;
	let mime = ctx.mime;
	if (reply.kind === 'image') {
		mime = reply.mimeType ?? ctx.mime;
		const width = reply.width ?? ctx.width;
		const height = reply.height ?? ctx.height;
		const seed = reply.seed ?? ctx.seed;
		if (reply.thoughts ?? ctx.includeThoughts) {
			// Interim "thought" image: same ratio, quarter size, different seed.
			const tw = Math.max(8, Math.round(width / 4 / 8) * 8);
			const th = Math.max(8, Math.round(height / 4 / 8) * 8);
			parts.push({ text: '**Composing the image**\n\nI am sketching the layout before rendering the final image.', thought: true });
			parts.push({ inlineData: { mimeType: mime, data: renderFakeImage(mime, tw, th, (seed ^ 0x5bd1e995) >>> 0).toString('base64') }, thought: true });
			thoughtTokens = 258;
		}
		if (reply.text !== undefined) {
			parts.push({ text: reply.text });
		}
		imageCount = Math.max(0, reply.count ?? 1);
		// A backdrop request draws the backdrop, unless the script picked the image (seed) itself.
		const backdrop = reply.seed === undefined ? ctx.backdrop : undefined;
		for (let i = 0; i < imageCount; i++) {
			const bytes = backdrop ? renderBackdropImage(mime, width, height, backdrop) : renderFakeImage(mime, width, height, (seed + i) >>> 0);
			parts.push({
				inlineData: { mimeType: reply.declaredMimeType ?? mime, data: bytes.toString('base64') },
			});
		}
	} else {
		parts.push({ text: reply.text ?? `Fake Gemini text reply to: ${ctx.promptText.slice(0, 200)}` });
	}
	const textChars = parts.filter((p) => p.thought !== true && typeof p.text === 'string').reduce((n, p) => n + p.text.length, 0);
	const textTokens = Math.ceil(textChars / 4);
	const imageTokens = imageCount * (ctx.caps.outputImageTokensBySize?.[ctx.imageSize] ?? ctx.caps.outputImageTokens);
	const prompt = ctx.promptTextTokens + ctx.promptImageTokens;
	const candidatesTokensDetails: Json[] = [];
	if (textTokens > 0) {
		candidatesTokensDetails.push({ modality: 'TEXT', tokenCount: textTokens });
	}
	if (imageTokens > 0) {
		candidatesTokensDetails.push({ modality: 'IMAGE', tokenCount: imageTokens });
	}
	const usageMetadata: Json = {
		promptTokenCount: prompt,
		candidatesTokenCount: textTokens + imageTokens,
		totalTokenCount: prompt + textTokens + imageTokens + thoughtTokens,
		promptTokensDetails: promptDetails(ctx),
		candidatesTokensDetails,
	};
	if (thoughtTokens > 0) {
		usageMetadata.thoughtsTokenCount = thoughtTokens;
	}
	const candidate: Json = {
		content: { role: 'model', parts: signParts(ctx, parts) },
		finishReason: (reply.kind === 'image' ? reply.finishReason : undefined) ?? 'STOP',
		index: 0,
	};
	const grounding = reply.kind === 'image' ? reply.grounding : undefined;
	if (grounding === true || (grounding !== false && ctx.googleSearch)) {
		candidate.groundingMetadata = groundingMetadata(ctx, reply.kind === 'image' ? reply.renderedContent : undefined);
	}
	return envelope(ctx, { candidates: [candidate], usageMetadata });
}

/** A normal image reply whose image data is broken the way the variant says. */
function corruptResponse(ctx: GenerateContext, reply: CorruptBase64Reply): Json {
	const good = imageResponse(ctx, { kind: 'image', thoughts: false, grounding: false });
	const part = good.candidates[0].content.parts.find((p: Json) => p.inlineData);
	const real = renderFakeImage(ctx.mime, ctx.width, ctx.height, ctx.seed);
	switch (reply.variant ?? 'invalidBase64') {
		case 'invalidBase64':
			part.inlineData.data = '%%not*base64!!' + part.inlineData.data.slice(0, 64) + '~~';
			break;
		case 'notAnImage':
			part.inlineData.data = Buffer.from('<!DOCTYPE html><html><body>Not an image</body></html>').toString('base64');
			break;
		case 'truncatedImage':
			part.inlineData.data = real.subarray(0, Math.floor(real.length / 2)).toString('base64');
			break;
		case 'mimeMismatch': {
			const other: FakeImageMime = ctx.mime === 'image/jpeg' ? 'image/png' : 'image/jpeg';
			part.inlineData.data = renderFakeImage(other, ctx.width, ctx.height, ctx.seed).toString('base64');
			break;
		}
	}
	return good;
}

/** A 200 body for the reply kinds that have one. */
export function successBody(ctx: GenerateContext, reply: ScriptedReply): Json {
	switch (reply.kind) {
		case 'image':
		case 'text':
			return imageResponse(ctx, reply);
		case 'corruptBase64':
			return corruptResponse(ctx, reply);
		case 'noCandidates':
			return {};
		case 'promptBlocked': {
			const promptFeedback: Json = { blockReason: reply.blockReason ?? 'PROHIBITED_CONTENT' };
			if (reply.blockReasonMessage !== undefined) {
				promptFeedback.blockReasonMessage = reply.blockReasonMessage;
			}
			const prompt = ctx.promptTextTokens + ctx.promptImageTokens;
			return envelope(ctx, {
				promptFeedback,
				usageMetadata: { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: promptDetails(ctx) },
			});
		}
		case 'finishReason': {
			const candidate: Json = {};
			if (!reply.omitContent) {
				candidate.content = {};
			}
			candidate.finishReason = reply.finishReason;
			if (reply.finishMessage !== undefined) {
				candidate.finishMessage = reply.finishMessage;
			}
			if (reply.safetyRatings !== undefined) {
				candidate.safetyRatings = reply.safetyRatings;
			}
			candidate.index = 0;
			const prompt = ctx.promptTextTokens + ctx.promptImageTokens;
			return envelope(ctx, {
				candidates: [candidate],
				usageMetadata: { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails: promptDetails(ctx) },
			});
		}
		default:
			// Fault kinds reuse a normal image reply as the body they cut short.
			return imageResponse(ctx, { kind: 'image', thoughts: false, grounding: false });
	}
}

/**
 * SSE chunks like Gemini 3 Pro Image live (gemini-wire.md §6): each thought
 * part alone, then the answer parts, then `{"parts":[{"text":""}]}` with
 * finishReason and the final usage. Bodies without parts go as one chunk.
 */
export function streamChunks(full: Json): Json[] {
	const cand = full.candidates?.[0];
	const parts: Json[] | undefined = cand?.content?.parts;
	if (!parts || parts.length === 0) {
		return [full];
	}
	const usage = full.usageMetadata ?? {};
	const partialUsage = { promptTokenCount: usage.promptTokenCount, totalTokenCount: usage.promptTokenCount, promptTokensDetails: usage.promptTokensDetails };
	const chunk = (ps: Json[], last: boolean): Json => {
		const c: Json = { content: { role: 'model', parts: ps } };
		if (last) {
			c.finishReason = cand.finishReason;
			if (cand.groundingMetadata) {
				c.groundingMetadata = cand.groundingMetadata;
			}
		}
		c.index = 0;
		return { candidates: [c], usageMetadata: last ? usage : partialUsage, modelVersion: full.modelVersion, responseId: full.responseId };
	};
	const out: Json[] = [];
	const answer: Json[] = [];
	for (const p of parts) {
		if (p.thought === true) {
			out.push(chunk([p], false));
		} else {
			answer.push(p);
		}
	}
	if (answer.length > 0) {
		out.push(chunk(answer, false));
	}
	out.push(chunk([{ text: '' }], true));
	return out;
}

/** Text of the last user turn (the prompt), which seeds the image. */
export function promptTextOf(body: Json): string {
	const contents: Json[] = Array.isArray(body?.contents) ? body.contents : [];
	for (let i = contents.length - 1; i >= 0; i--) {
		const c = contents[i];
		if (c && (c.role === undefined || c.role === 'user')) {
			return ((c.parts ?? []) as Json[])
				.filter((p) => typeof p?.text === 'string')
				.map((p) => p.text as string)
				.join('\n');
		}
	}
	return '';
}

/** usageMetadata.promptTokensDetails: the text tokens, and the image tokens when there are images. */
export function promptDetails(ctx: GenerateContext): Json[] {
	const details: Json[] = [{ modality: 'TEXT', tokenCount: ctx.promptTextTokens }];
	if (ctx.promptImageTokens > 0) {
		details.push({ modality: 'IMAGE', tokenCount: ctx.promptImageTokens });
	}
	return details;
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function groundingMetadata(ctx: GenerateContext, renderedContent?: string): Json {
	const query = ctx.promptText.trim().split(/\s+/).slice(0, 6).join(' ') || 'image reference';
	return {
		searchEntryPoint: {
			renderedContent:
				renderedContent ??
				'<style>.container{display:flex;gap:8px}.chip{border-radius:16px;padding:4px 12px;border:1px solid #ccc}</style>' +
					`<div class="container"><a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(query)}">${escapeHtml(query)}</a></div>`,
		},
		groundingChunks: [
			{ web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-1', title: 'example.com' } },
			{ web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/fake-2', title: 'wikipedia.org' } },
		],
		groundingSupports: [],
		webSearchQueries: [query],
	};
}

/** The Google error body of an `error` reply: the status's usual body, then the reply's overrides. */
export function errorBody(reply: ErrorReply, model: string, apiVersion: string, action: string): GoogleErrorBody {
	let body: GoogleErrorBody;
	switch (reply.status) {
		// A custom 400 message means "some other bad request", not a bad key.
		case 400:
			body = reply.message !== undefined ? googleError(400, reply.message, 'INVALID_ARGUMENT') : apiKeyInvalid();
			break;
		case 401:
			body = unauthenticated();
			break;
		case 403:
			body = permissionDenied();
			break;
		case 404:
			body = modelNotFound(model, apiVersion, action);
			break;
		case 429:
			body = resourceExhausted({ model, retryDelay: reply.retryDelay, perDay: reply.perDay, freeTierNoBilling: reply.freeTierNoBilling });
			break;
		case 500:
			body = googleError(500, MSG_INTERNAL, 'INTERNAL');
			break;
		case 503:
			body = googleError(503, MSG_OVERLOADED, 'UNAVAILABLE');
			break;
		case 504:
			body = googleError(504, MSG_DEADLINE, 'DEADLINE_EXCEEDED');
			break;
		default:
			body = googleError(reply.status, `Fake Gemini error ${reply.status}.`, googleStatusFor(reply.status));
			break;
	}
	if (reply.message !== undefined) {
		body.error.message = reply.message;
	}
	if (reply.errorStatus !== undefined) {
		body.error.status = reply.errorStatus;
	}
	if (reply.details !== undefined) {
		if (reply.details.length > 0) {
			body.error.details = reply.details;
		} else {
			delete body.error.details;
		}
	}
	return body;
}
