/**
 * Loads the codecs (./imageCodecs.ts) on first use. They are bundled on their own into `dist/codecs.js`, with their
 * wasm in `dist/wasm/`, so that neither activation nor the features bundle parses them until an image is converted;
 * under plain tsc output (`out/`) the module itself is loaded.
 */
import * as fs from 'fs';
import * as path from 'path';

export type ImageCodecs = typeof import('./imageCodecs');

let cached: ImageCodecs | undefined;

export function loadImageCodecs(): ImageCodecs {
	if (!cached) {
		const bundled = path.join(__dirname, 'codecs.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		cached = (fs.existsSync(bundled) && path.basename(__dirname) === 'dist' ? require(bundled) : require('./imageCodecs')) as ImageCodecs;
	}
	return cached;
}
