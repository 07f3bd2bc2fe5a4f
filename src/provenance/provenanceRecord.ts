/**
 * Builds provenance records from what the extension sent and received. The record type, its validator and the
 * embedding live in src/core/ (no vscode); this file adds what needs the editor: workspace-relative input names.
 */
import * as vscode from 'vscode';
import { sha256 } from '../core/hash';
import type { ProvenanceInput, ProvenanceKind, ProvenanceRecord, ProvenanceUsage } from '../core/provenance';
import type { ImageRequest } from '../gemini/geminiClient';
import { estimateRequestCostUsd, findModel, ImageSize } from '../gemini/modelCatalog';
import type { ParsedImageResponse } from '../gemini/responseParser';

/** A record before the result is known: everything but the version, the result's hash and the extension. */
export type ProvenanceDraft = Omit<ProvenanceRecord, 'version' | 'resultSha256' | 'extension'>;

/** An input image as it was sent: its bytes (hashed here) and, when it is a workspace file, where it was. */
export interface SentImage {
	readonly bytes: Uint8Array;
	readonly mimeType: string;
	readonly uri?: vscode.Uri;
	/** A name when there is no URI (a studio attachment, an asset reference path). */
	readonly name?: string;
}

/** The input entry of a sent image: hash, type and its workspace-relative path (or given name). */
export function provenanceInput(image: SentImage): ProvenanceInput {
	const name = image.uri ? vscode.workspace.asRelativePath(image.uri, false) : image.name;
	return { sha256: sha256(image.bytes), mimeType: image.mimeType, ...(name ? { name: name.slice(0, 1024) } : {}) };
}

/** Tokens of a reply in the record's shape. */
export function provenanceUsage(response: ParsedImageResponse): ProvenanceUsage {
	return { inputTokens: response.usage.promptTokens, outputTokens: response.usage.outputTokens, thoughtTokens: response.usage.thoughtTokens };
}

/** The estimated price of one reply (catalog prices), or undefined for a model the catalog does not price. */
export function replyCostUsd(model: string, imageSize: string | undefined, usage: ProvenanceUsage, imageCount: number): number | undefined {
	const known = findModel(model);
	const cost = known ? estimateRequestCostUsd(known, { ...usage, imageCount }, imageSize as ImageSize | undefined) : undefined;
	return cost === undefined ? undefined : Math.round(cost * 1e6) / 1e6;
}

/**
 * The draft for a request and its reply. `inputs` are the images as sent (with their URIs when they are workspace
 * files); `parentSha256` the image this one derives from (an edit's original).
 */
export function draftFromReply(params: {
	kind: ProvenanceKind;
	request: ImageRequest;
	response: ParsedImageResponse | undefined;
	inputs: readonly SentImage[];
	parentSha256?: string;
	createdAt?: Date;
}): ProvenanceDraft {
	const { request, response } = params;
	const usage = response ? provenanceUsage(response) : undefined;
	const costUsd = usage ? replyCostUsd(request.model, request.imageSize, usage, Math.max(1, response!.images.length)) : undefined;
	return {
		kind: params.kind,
		prompt: request.prompt,
		model: request.model,
		...(request.aspectRatio ? { aspectRatio: request.aspectRatio } : {}),
		...(request.imageSize ? { imageSize: request.imageSize } : {}),
		...(request.thinkingLevel ? { thinkingLevel: request.thinkingLevel } : {}),
		inputs: params.inputs.map(provenanceInput),
		...(params.parentSha256 ? { parentSha256: params.parentSha256 } : {}),
		...(response?.finishReason && /^[A-Z][A-Z_]{0,63}$/.test(response.finishReason) ? { finishReason: response.finishReason } : {}),
		...(usage ? { usage } : {}),
		...(costUsd !== undefined ? { costUsd } : {}),
		createdAt: (params.createdAt ?? new Date()).toISOString(),
	};
}
