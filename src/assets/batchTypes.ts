/**
 * Mirrors src/gemini/batchClient.ts; replaced by an import when merged. Only the type declarations the asset batch
 * runner needs, copied exactly.
 */
import type { ImageStudioError } from '../core/errors';
import type { CallOptions, ImageRequest } from '../gemini/geminiClient';
import type { ParsedImageResponse } from '../gemini/responseParser';

export interface BatchEntry {
	readonly key: string;
	readonly request: ImageRequest;
}
export type BatchState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';
export interface BatchEntryResult {
	readonly key: string;
	readonly response?: ParsedImageResponse;
	readonly error?: ImageStudioError;
}
export interface BatchJobStatus {
	readonly name: string;
	readonly state: BatchState;
	readonly model?: string;
	readonly createTime?: string;
	readonly updateTime?: string;
	readonly results?: readonly BatchEntryResult[];
	readonly error?: string;
}
export interface BatchClient {
	submit(entries: readonly BatchEntry[], options: CallOptions & { displayName: string }): Promise<BatchJobStatus>;
	get(name: string, options: CallOptions): Promise<BatchJobStatus>;
	cancel(name: string, options: CallOptions): Promise<void>;
}
