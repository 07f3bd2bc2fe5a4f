/**
 * Loads the `@jsquash/*` codecs on first use, each wasm file once. The wasm comes from `wasm/` beside the running
 * bundle (`dist/wasm/*.wasm`, copied there by esbuild.js and shipped in the VSIX); when the tsc output runs under plain
 * Node (`out/`, unit tests) it comes from the packages in node_modules. It is read with `fs`, compiled with
 * `WebAssembly.compile` and handed to each codec's `init`: the codecs' own loaders fetch from `import.meta.url`, which
 * a CommonJS bundle does not have.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CodecMimeType, DecodedImage, JsquashModules, WasmModule } from './codecTypes';
import { loadJsquashModules } from './jsquashModules';

/** Every wasm file the codecs need, by the package path it is shipped from. esbuild.js copies the same list. */
export const WASM_FILES = {
	png: '@jsquash/png/codec/pkg/squoosh_png_bg.wasm',
	jpegDecoder: '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
	jpegEncoder: '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
	webpDecoder: '@jsquash/webp/codec/dec/webp_dec.wasm',
	webpEncoder: '@jsquash/webp/codec/enc/webp_enc.wasm',
	webpEncoderSimd: '@jsquash/webp/codec/enc/webp_enc_simd.wasm',
	resize: '@jsquash/resize/lib/resize/pkg/squoosh_resize_bg.wasm',
} as const;

export type WasmName = keyof typeof WASM_FILES;

export type Decoder = (data: ArrayBuffer) => Promise<DecodedImage>;
export type Encoder = (image: DecodedImage, quality: number) => Promise<ArrayBuffer>;
/** Lanczos3 on premultiplied alpha, gamma-space (as sharp/libvips do): RGBA in, RGBA of the new size out. */
export type Resizer = (data: Uint8Array, width: number, height: number, newWidth: number, newHeight: number) => Uint8ClampedArray;

/** The file a wasm is read from: `wasm/<file>` beside the bundle when shipped, else the package's own copy. */
export function wasmPath(name: WasmName): string {
	const shipped = path.join(__dirname, 'wasm', path.basename(WASM_FILES[name]));
	return fs.existsSync(shipped) ? shipped : require.resolve(WASM_FILES[name]);
}

/** `WebAssembly.compile`, typed without the DOM lib. */
export function compileWasmBytes(bytes: Uint8Array): Promise<WasmModule> {
	return (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } }).WebAssembly.compile(bytes);
}

/**
 * What the Emscripten codecs printed (libjpeg's "Premature end of JPEG file" and the like) since the last call began.
 * Kept off the console and added to the error of a failed call, for the log.
 */
const printed: string[] = [];

/**
 * The Emscripten glue (JPEG, WebP) must not build URLs from `import.meta.url`: the module is passed in instead. Its
 * console output goes to `printed`.
 */
const EMSCRIPTEN_OPTIONS = { locateFile: (file: string) => file, print: (text: string) => note(text), printErr: (text: string) => note(text) };

function note(text: string): void {
	if (printed.length < 20) {
		printed.push(text);
	}
}

/** An error from a codec call, with what the codec printed meanwhile; thrown as is when it printed nothing. */
export class CodecFailure extends Error {
	override readonly name = 'CodecFailure';
	constructor(
		message: string,
		readonly printed: readonly string[],
	) {
		super(printed.length > 0 ? `${message} (${printed.join('; ')})` : message);
	}
}

/**
 * Runs one codec call. libjpeg ends a failed decode with `exit(1)`, which Emscripten throws as an `ExitStatus`
 * object that is not an Error; both become a CodecFailure that says what the codec printed.
 */
async function call<T>(run: () => Promise<T>): Promise<T> {
	printed.length = 0;
	try {
		return await run();
	} catch (error) {
		const message =
			error instanceof Error
				? error.message
				: typeof (error as { message?: unknown })?.message === 'string'
					? (error as { message: string }).message
					: String(error);
		throw new CodecFailure(message, printed.splice(0));
	}
}

let modules: Promise<JsquashModules> | undefined;
const compiled = new Map<WasmName, Promise<WasmModule>>();
const decoders = new Map<CodecMimeType, Promise<Decoder>>();
const encoders = new Map<CodecMimeType, Promise<Encoder>>();

function jsquash(): Promise<JsquashModules> {
	modules ??= loadJsquashModules();
	return modules;
}

function compileWasm(name: WasmName): Promise<WasmModule> {
	let module = compiled.get(name);
	if (!module) {
		module = fs.promises.readFile(wasmPath(name)).then((bytes) => compileWasmBytes(bytes));
		compiled.set(name, module);
	}
	return module;
}

/** Caches a promise, but forgets a failed one so that the next call tries again. */
function once<T>(cache: Map<CodecMimeType, Promise<T>>, key: CodecMimeType, load: () => Promise<T>): Promise<T> {
	let value = cache.get(key);
	if (!value) {
		value = load();
		cache.set(key, value);
		value.catch(() => cache.delete(key));
	}
	return value;
}

/** The decoder for a type, its wasm compiled and instantiated on the first call. */
export function loadDecoder(mimeType: CodecMimeType): Promise<Decoder> {
	return once(decoders, mimeType, async () => {
		const codecs = await jsquash();
		switch (mimeType) {
			case 'image/png':
				await codecs.pngDecode.init(await compileWasm('png'));
				return (data) => call(() => codecs.pngDecode.default(data));
			case 'image/jpeg':
				await codecs.jpegDecode.init(await compileWasm('jpegDecoder'), EMSCRIPTEN_OPTIONS);
				return (data) => call(() => codecs.jpegDecode.default(data));
			case 'image/webp':
				await codecs.webpDecode.init(await compileWasm('webpDecoder'), EMSCRIPTEN_OPTIONS);
				return (data) => call(() => codecs.webpDecode.default(data));
		}
	});
}

/** The encoder for a type, its wasm compiled and instantiated on the first call. */
export function loadEncoder(mimeType: CodecMimeType): Promise<Encoder> {
	return once(encoders, mimeType, async () => {
		const codecs = await jsquash();
		switch (mimeType) {
			case 'image/png':
				// One wasm module holds the PNG decoder and encoder; the second init finds it ready.
				await codecs.pngEncode.init(await compileWasm('png'));
				return (image) => call(() => codecs.pngEncode.default(image));
			case 'image/jpeg':
				await codecs.jpegEncode.init(await compileWasm('jpegEncoder'), EMSCRIPTEN_OPTIONS);
				return (image, quality) => call(() => codecs.jpegEncode.default(image, { quality }));
			case 'image/webp':
				await codecs.webpEncode.init(await compileWasm((await codecs.simd()) ? 'webpEncoderSimd' : 'webpEncoder'), EMSCRIPTEN_OPTIONS);
				return (image, quality) => call(() => codecs.webpEncode.default(image, { quality }));
		}
	});
}

let resizer: Promise<Resizer> | undefined;

/** The resizer, its wasm compiled and instantiated on the first call (forgotten on failure, so the next call retries). */
export function loadResizer(): Promise<Resizer> {
	if (!resizer) {
		resizer = (async () => {
			const codecs = await jsquash();
			await codecs.resize.default(await compileWasm('resize'));
			const LANCZOS3 = 3;
			return (data: Uint8Array, width: number, height: number, newWidth: number, newHeight: number) =>
				codecs.resize.resize(data, width, height, newWidth, newHeight, LANCZOS3, true, false);
		})();
		resizer.catch(() => (resizer = undefined));
	}
	return resizer;
}
