/**
 * Loads the codecs (./imageCodecs.ts) on first use. They are bundled on their own into `dist/codecs.js`, with their
 * wasm in `dist/wasm/`, so that neither activation nor the features bundle parses them until an image is converted;
 * under plain tsc output (`out/`) the module itself is loaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ImageStudioError } from '../core/errors';

export type ImageCodecs = typeof import('./imageCodecs');

let cached: ImageCodecs | undefined;
/** The display language's translations (src/l10nSetup.ts), handed to dist/codecs.js, whose `@vscode/l10n` is its own copy. */
let l10nContents: Record<string, string> | undefined;

export function useCodecsL10nBundle(contents: Record<string, string>): void {
	l10nContents = contents;
	cached?.configureL10n(contents);
}

export function loadImageCodecs(): ImageCodecs {
	if (!cached) {
		const bundled = path.join(__dirname, 'codecs.js');
		if (fs.existsSync(bundled) && path.basename(__dirname) === 'dist') {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			cached = withCallerErrors(require(bundled) as ImageCodecs);
			if (l10nContents) {
				cached.configureL10n(l10nContents);
			}
		} else {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			cached = require('./imageCodecs') as ImageCodecs;
		}
	}
	return cached;
}

/**
 * dist/codecs.js holds its own copy of ImageStudioError, so its errors fail `instanceof ImageStudioError` in the bundle
 * that called it (and the notifier would call a clear "not an image" message an unexpected failure): each function is
 * wrapped so that such an error is thrown again as this bundle's ImageStudioError, same code, message and options.
 */
function withCallerErrors(codecs: ImageCodecs): ImageCodecs {
	const wrapped: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(codecs)) {
		wrapped[name] =
			typeof value === 'function'
				? (...args: unknown[]) => {
						try {
							const result = (value as (...args: unknown[]) => unknown)(...args);
							return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(inCallerRealm(error))) : result;
						} catch (error) {
							throw inCallerRealm(error);
						}
					}
				: value;
	}
	return wrapped as ImageCodecs;
}

function inCallerRealm(error: unknown): unknown {
	if (error instanceof ImageStudioError || !(error instanceof Error) || error.name !== 'ImageStudioError') {
		return error;
	}
	const foreign = error as Error & { code?: unknown; options?: unknown };
	if (typeof foreign.code !== 'string') {
		return error;
	}
	return new ImageStudioError(foreign.code as ImageStudioError['code'], foreign.message, (foreign.options ?? {}) as ImageStudioError['options']);
}
