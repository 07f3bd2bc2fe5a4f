/**
 * A hand-written ICO writer whose entries are PNG files, as Windows Vista and later, every current browser and
 * favicon tools read them. Layout (Microsoft, "Icons", https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10),
 * and for PNG entries https://en.wikipedia.org/wiki/ICO_(file_format)#PNG_format), all numbers little-endian:
 *
 *   ICONDIR       6 bytes: reserved 0 (u16), type 1 = icon (u16), count (u16)
 *   ICONDIRENTRY 16 bytes each: width (u8, 0 means 256), height (u8, 0 means 256), palette colours (u8, 0),
 *                 reserved (u8, 0), colour planes (u16, 1), bits per pixel (u16, 32), size of the data (u32),
 *                 offset of the data from the start of the file (u32)
 *   the image data, one PNG file per entry, in directory order
 *
 * No `vscode`, no wasm: the caller encodes the PNGs (./imageCodecs.ts).
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';

/** One entry: a square PNG of `size`×`size` pixels (1–256). */
export interface IcoEntry {
	readonly size: number;
	readonly bytes: Uint8Array;
}

const HEADER_BYTES = 6;
const ENTRY_BYTES = 16;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** An ICO file holding `pngs` in the order given (smallest first is customary). Throws on a size or a PNG it cannot hold. */
export function encodeIco(pngs: readonly IcoEntry[]): Uint8Array {
	if (pngs.length === 0 || pngs.length > 0xffff) {
		throw new ImageStudioError('invalidInput', l10n.t('An icon file holds 1 to 65535 images, not {0}.', pngs.length));
	}
	for (const { size, bytes } of pngs) {
		if (!Number.isInteger(size) || size < 1 || size > 256) {
			throw new ImageStudioError('invalidInput', l10n.t('An icon file holds images of 1 to 256 pixels, not {0}.', size));
		}
		if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((byte, index) => bytes[index] !== byte)) {
			throw new ImageStudioError('invalidInput', l10n.t('The {0}×{1} image for the icon file is not a PNG.', size, size));
		}
	}
	const total = HEADER_BYTES + ENTRY_BYTES * pngs.length + pngs.reduce((sum, png) => sum + png.bytes.length, 0);
	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	view.setUint16(0, 0, true); // reserved
	view.setUint16(2, 1, true); // 1 = icon (2 would be a cursor)
	view.setUint16(4, pngs.length, true);
	let offset = HEADER_BYTES + ENTRY_BYTES * pngs.length;
	pngs.forEach(({ size, bytes }, index) => {
		const entry = HEADER_BYTES + ENTRY_BYTES * index;
		view.setUint8(entry, size === 256 ? 0 : size); // width: one byte, so 256 is written as 0
		view.setUint8(entry + 1, size === 256 ? 0 : size); // height
		view.setUint8(entry + 2, 0); // no palette
		view.setUint8(entry + 3, 0); // reserved
		view.setUint16(entry + 4, 1, true); // colour planes
		view.setUint16(entry + 6, 32, true); // bits per pixel (RGBA)
		view.setUint32(entry + 8, bytes.length, true);
		view.setUint32(entry + 12, offset, true);
		out.set(bytes, offset);
		offset += bytes.length;
	});
	return out;
}
