/**
 * Stands in for ./jsquashModules.ts inside `dist/codecs.js` (esbuild.js swaps the file): static imports, so esbuild
 * bundles the ESM-only `@jsquash/*` glue into the CommonJS bundle and nothing is loaded from node_modules at runtime.
 */
import * as jpegDecode from '@jsquash/jpeg/decode.js';
import * as jpegEncode from '@jsquash/jpeg/encode.js';
import * as pngDecode from '@jsquash/png/decode.js';
import * as pngEncode from '@jsquash/png/encode.js';
import * as webpDecode from '@jsquash/webp/decode.js';
import * as webpEncode from '@jsquash/webp/encode.js';
import * as resize from '@jsquash/resize/lib/resize/pkg/squoosh_resize.js';
import { simd } from 'wasm-feature-detect';
import type { JsquashModules } from './codecTypes';

export async function loadJsquashModules(): Promise<JsquashModules> {
	// The packages' own typings name the DOM's ImageData; the host has no DOM lib, so they are typed by JsquashModules.
	return { pngDecode, pngEncode, jpegDecode, jpegEncode, webpDecode, webpEncode, resize, simd } as unknown as JsquashModules;
}
