// A deterministic subject on a flat background, for the extension's transparency feature: when a prompt asks for a
// "pure white #FFFFFF background" or a "pure black #000000 background", the fake draws one centred disc with a 2 px
// anti-aliased edge on exactly that colour, so difference matting of a white/black pair recovers a known alpha
// (backdropAlpha). The disc's colour comes from the input image (its centre pixel; the disc is centred, so a white
// render sent back as input gives the black render the same colour), else from the prompt; it is clamped to 30–170 per
// channel, far from both backgrounds, and clamping again changes nothing.
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { promptSeed, type FakeImageMime } from './images';

type Json = any;

export interface Backdrop {
	readonly background: 'white' | 'black';
	readonly subject: readonly [number, number, number];
}

/** What the prompt asks for; undefined when it asks for neither pure background. */
export function backdropFor(body: Json, promptText: string): Backdrop | undefined {
	const background = /pure white #FFFFFF background/i.test(promptText) ? 'white' : /pure black #000000 background/i.test(promptText) ? 'black' : undefined;
	if (!background) {
		return undefined;
	}
	const seed = promptSeed(promptText.replace(/pure (white|black) #(FFFFFF|000000)/gi, ''));
	const fromPrompt: [number, number, number] = [seed & 255, (seed >>> 8) & 255, (seed >>> 16) & 255];
	return { background, subject: clampSubject(centrePixel(firstInlineImage(body)) ?? fromPrompt) };
}

function clampSubject(rgb: readonly number[]): [number, number, number] {
	return [0, 1, 2].map((c) => Math.min(170, Math.max(30, Math.round(rgb[c])))) as [number, number, number];
}

function firstInlineImage(body: Json): Buffer | undefined {
	const contents: Json[] = Array.isArray(body?.contents) ? body.contents : [];
	for (let i = contents.length - 1; i >= 0; i--) {
		for (const part of (contents[i]?.parts ?? []) as Json[]) {
			const data = part?.inlineData?.data ?? part?.inline_data?.data;
			if (typeof data === 'string') {
				return Buffer.from(data, 'base64');
			}
		}
	}
	return undefined;
}

/** The centre pixel of a PNG or JPEG; undefined for anything else (WebP, an uploaded file). */
function centrePixel(bytes: Buffer | undefined): number[] | undefined {
	if (!bytes) {
		return undefined;
	}
	try {
		const image = bytes[0] === 0x89 ? PNG.sync.read(bytes) : bytes[0] === 0xff ? jpeg.decode(bytes, { useTArray: true }) : undefined;
		if (!image) {
			return undefined;
		}
		const i = (Math.floor(image.height / 2) * image.width + Math.floor(image.width / 2)) * 4;
		return [image.data[i], image.data[i + 1], image.data[i + 2]];
	} catch {
		return undefined;
	}
}

/** The disc's coverage (its true alpha) at pixel (x, y): 1 inside, 0 outside, a 2 px ramp across the edge. */
export function backdropAlpha(width: number, height: number, x: number, y: number): number {
	const radius = Math.min(width, height) * 0.3;
	const distance = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2);
	return Math.min(1, Math.max(0, (radius - distance) / 2 + 0.5));
}

/** The backdrop image in the model's output type (PNG as RGB, like Gemini; JPEG at quality 95). */
export function renderBackdropImage(mime: FakeImageMime, width: number, height: number, backdrop: Backdrop): Buffer {
	const data = Buffer.alloc(width * height * 4);
	const back = backdrop.background === 'white' ? 255 : 0;
	for (let y = 0, i = 0; y < height; y++) {
		for (let x = 0; x < width; x++, i += 4) {
			const alpha = backdropAlpha(width, height, x, y);
			for (let c = 0; c < 3; c++) {
				data[i + c] = Math.round(backdrop.subject[c] * alpha + back * (1 - alpha));
			}
			data[i + 3] = 255;
		}
	}
	return mime === 'image/jpeg' ? jpeg.encode({ width, height, data }, 95).data : PNG.sync.write({ width, height, data } as PNG, { colorType: 2 });
}
