/**
 * The `@jsquash/*` modules the codecs use, loaded when plain Node runs the tsc output (`out/`, unit tests). The
 * packages are ESM-only and `out/` is CommonJS, so they are loaded with a real `import()` that TypeScript cannot rewrite
 * into `require`. The codec bundle (`dist/codecs.js`) replaces this file with ./jsquashModules.bundled.ts (see
 * esbuild.js), whose static imports esbuild bundles.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { JsquashModules } from './codecTypes';

/** `import()` kept as written: TypeScript's CommonJS output would turn a literal `import()` into `require()`. */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

function importPackageFile(specifier: string): Promise<any> {
	return importEsm(pathToFileURL(require.resolve(specifier)).href);
}

export async function loadJsquashModules(): Promise<JsquashModules> {
	const [pngDecode, pngEncode, jpegDecode, jpegEncode, webpDecode, webpEncode, resize] = await Promise.all(
		[
			'@jsquash/png/decode.js',
			'@jsquash/png/encode.js',
			'@jsquash/jpeg/decode.js',
			'@jsquash/jpeg/encode.js',
			'@jsquash/webp/decode.js',
			'@jsquash/webp/encode.js',
			'@jsquash/resize/lib/resize/pkg/squoosh_resize.js',
		].map(importPackageFile),
	);
	// The same feature test @jsquash/webp/encode.js imports, resolved from that package (it is its dependency, not ours).
	const webpFolder = path.dirname(require.resolve('@jsquash/webp/package.json'));
	const featureDetect = await importEsm(pathToFileURL(require.resolve('wasm-feature-detect', { paths: [webpFolder] })).href);
	const simd = (featureDetect.simd ?? featureDetect.default?.simd) as () => Promise<boolean>;
	return { pngDecode, pngEncode, jpegDecode, jpegEncode, webpDecode, webpEncode, resize, simd };
}
