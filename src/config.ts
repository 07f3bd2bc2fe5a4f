/** Every setting the extension reads, in one typed snapshot with explicit defaults. */
import * as vscode from 'vscode';
import { DEFAULT_MODEL_ID } from './gemini/modelCatalog';
import { DEFAULT_OUTPUT_FOLDER } from './workspace/outputFolder';

export const SECTION = 'imageStudio';

export interface ImageStudioConfig {
	readonly endpoint: string;
	/** Plain http to a host other than this machine is allowed (the key travels unencrypted). */
	readonly allowInsecureEndpoint: boolean;
	readonly outputFolder: string;
	readonly model: string;
	readonly aspectRatio: string;
	readonly imageSize: string;
	readonly requestTimeoutMs: number;
	readonly maxRetries: number;
	/** Final images kept from one reply; more are left out. */
	readonly maxImagesPerReply: number;
	/** Largest studio request (`contents` as JSON, base64 included) in MB, before the oldest images are left out. */
	readonly studioMaxRequestMB: number;
	/** What the extension's storage keeps (0: everything); the newest is never pruned. */
	readonly storage: StorageLimits;
	/** Palette and menu runs whose estimated price is above this many US dollars ask first. */
	readonly confirmAboveUsd: number;
	/** Write the provenance record into the image files too (PNG iTXt, JPEG/WebP XMP); off: extension storage only. */
	readonly embedProvenance: boolean;
}

export interface StorageLimits {
	readonly maxBackupsPerFile: number;
	readonly maxPendingEdits: number;
	readonly maxStudioConversations: number;
	/** Provenance records kept in extension storage, oldest pruned first. */
	readonly maxProvenanceRecords: number;
}

/**
 * `scope` (a workspace folder) matters only for `outputFolder`, the one resource-scoped setting; the others are read
 * without a resource, as VS Code expects for window- and machine-scoped settings.
 */
export function readConfig(scope?: vscode.ConfigurationScope): ImageStudioConfig {
	const config = vscode.workspace.getConfiguration(SECTION);
	const resourceConfig = vscode.workspace.getConfiguration(SECTION, scope);
	const number = (key: string, fallback: number, min: number, max: number) => {
		const value = config.get<number>(key, fallback);
		return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
	};
	const text = (key: string, fallback: string) => {
		const value = config.get<string>(key, fallback);
		return typeof value === 'string' ? value : fallback;
	};
	return {
		endpoint: text('endpoint', ''),
		allowInsecureEndpoint: config.get<boolean>('allowInsecureEndpoint', false) === true,
		outputFolder: (() => {
			const value = resourceConfig.get<string>('outputFolder', DEFAULT_OUTPUT_FOLDER);
			return typeof value === 'string' ? value : DEFAULT_OUTPUT_FOLDER;
		})(),
		model: text('model', DEFAULT_MODEL_ID),
		aspectRatio: text('aspectRatio', '1:1'),
		imageSize: text('imageSize', '1K'),
		requestTimeoutMs: number('requestTimeoutSeconds', 180, 1, 1200) * 1000,
		maxRetries: Math.round(number('maxRetries', 3, 0, 8)),
		maxImagesPerReply: Math.round(number('maxImagesPerReply', 10, 1, 50)),
		studioMaxRequestMB: number('studio.maxRequestMB', 20, 1, 90),
		storage: {
			maxBackupsPerFile: Math.round(number('storage.maxBackupsPerFile', 10, 0, 1000)),
			maxPendingEdits: Math.round(number('storage.maxPendingEdits', 50, 0, 10_000)),
			maxStudioConversations: Math.round(number('storage.maxStudioConversations', 200, 0, 100_000)),
			maxProvenanceRecords: Math.round(number('storage.maxProvenanceRecords', 5000, 0, 1_000_000)),
		},
		confirmAboveUsd: number('confirmAboveUsd', 0.5, 0, 1_000_000),
		embedProvenance: config.get<unknown>('provenance.embedInFile') === true,
	};
}
