/** The image types the codecs read and write: what Gemini image models return. */
export type CodecMimeType = 'image/png' | 'image/jpeg' | 'image/webp';

/** Pixels as the codecs take and give them: 8-bit RGBA, row by row, `width * height * 4` bytes, not premultiplied. */
export interface RgbaImage {
	readonly width: number;
	readonly height: number;
	readonly data: Uint8ClampedArray;
}

// What the codecs use of the `@jsquash/*` modules, typed here: their own typings name the DOM's ImageData.

/** What a decoder returns: 8-bit RGBA, row by row. */
export interface DecodedImage {
	readonly width: number;
	readonly height: number;
	readonly data: Uint8ClampedArray;
}

/**
 * A compiled `WebAssembly.Module`. The host's tsconfig has no DOM lib, where TypeScript declares `WebAssembly`, so the
 * little the codecs use is declared here.
 */
export type WasmModule = { readonly __compiledWasm: never };

/** Options passed to an Emscripten module factory (the JPEG and WebP codecs). */
export interface EmscriptenOptions {
	/** Without it the glue builds a URL from `import.meta.url`, which is empty in a CommonJS bundle ("Invalid URL"). */
	readonly locateFile: (file: string) => string;
	readonly print?: (text: string) => void;
	readonly printErr?: (text: string) => void;
}

/** One `@jsquash/<codec>/{decode,encode}.js` module: `init` takes the compiled wasm, the default export does the work. */
export interface CodecModule<Run> {
	init(module: WasmModule, options?: EmscriptenOptions): Promise<unknown>;
	readonly default: Run;
}

export interface JsquashModules {
	readonly pngDecode: CodecModule<(data: ArrayBuffer) => Promise<DecodedImage>>;
	readonly pngEncode: CodecModule<(image: DecodedImage) => Promise<ArrayBuffer>>;
	readonly jpegDecode: CodecModule<(data: ArrayBuffer) => Promise<DecodedImage>>;
	readonly jpegEncode: CodecModule<(image: DecodedImage, options?: { quality?: number }) => Promise<ArrayBuffer>>;
	readonly webpDecode: CodecModule<(data: ArrayBuffer) => Promise<DecodedImage>>;
	readonly webpEncode: CodecModule<(image: DecodedImage, options?: { quality?: number }) => Promise<ArrayBuffer>>;
	/**
	 * The Lanczos/Catmull-Rom resizer of `@jsquash/resize` at its wasm-bindgen level (`lib/resize/pkg`): the package's
	 * own entry also imports the hqx and magic-kernel glue and needs a global ImageData, neither of which is used here.
	 */
	readonly resize: {
		default(module: WasmModule): Promise<unknown>;
		resize(
			input: Uint8Array,
			inputWidth: number,
			inputHeight: number,
			outputWidth: number,
			outputHeight: number,
			/** 0 triangle, 1 catrom, 2 mitchell, 3 lanczos3. */
			filter: number,
			premultiply: boolean,
			linearRgb: boolean,
		): Uint8ClampedArray;
	};
	/** The WebP encoder picks its SIMD or plain glue with this test, so the loader must hand it the matching wasm. */
	readonly simd: () => Promise<boolean>;
}
