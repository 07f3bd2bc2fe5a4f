// Over 400 lines: the writers and readers of the three formats share the CRC, XMP and UTF-8 helpers and one "ours or someone else's" rule, kept in one file so they cannot drift apart.
/**
 * Hand-written text metadata for PNG, JPEG and WebP, to carry a provenance record inside the image file:
 *
 * - PNG: one uncompressed `iTXt` chunk (keyword, UTF-8 text) inserted before `IEND`, with its CRC-32.
 * - JPEG: an `APP1` segment `http://ns.adobe.com/xap/1.0/\0` + an XMP packet, after SOI and any APP0/APP1 (JFIF, Exif).
 * - WebP: an `XMP ` chunk at the end of the RIFF, the VP8X XMP flag set; a simple (VP8 or VP8L) file is first turned
 *   into the extended format with a VP8X header giving its canvas size (and alpha, for VP8L).
 *
 * Pixels are never touched: only chunks or segments are added. Our own earlier metadata is replaced; XMP written by
 * someone else is left alone and the embed is refused (`undefined`), so the caller keeps the record elsewhere.
 * Readers return the embedded text or undefined; they never throw on hostile bytes. Node built-ins only.
 */

/** The PNG iTXt keyword and the XMP property that hold our record. */
export const METADATA_KEYWORD = 'gemini-image-studio';
export const XMP_NAMESPACE = 'https://gemini-image-studio.dev/ns/provenance/1.0/';
const XMP_PREFIX = 'gis';
const XMP_PROPERTY = 'record';
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
/** Largest XMP packet one JPEG APP1 segment holds (65535 − 2 length bytes − the 29-byte header). */
export const MAX_JPEG_XMP_BYTES = 65535 - 2 - XMP_HEADER.length;

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) {
			c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		}
		table[n] = c >>> 0;
	}
	return table;
})();

/** CRC-32 (ISO 3309, as PNG uses it), hand-written so it does not depend on the host's zlib version. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
	let crc = 0xffffffff;
	for (let i = start; i < end; i++) {
		crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

const utf8 = new TextEncoder();
const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
function decodeUtf8(bytes: Uint8Array): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return undefined;
	}
}
function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}

// PNG ------------------------------------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface PngChunk {
	readonly type: string;
	readonly start: number;
	readonly dataStart: number;
	readonly dataEnd: number;
	/** Offset after the CRC. */
	readonly end: number;
}

/** The chunks of a PNG, or undefined when the structure (signature, lengths, CRCs, IEND last) is broken. */
function pngChunks(bytes: Uint8Array): PngChunk[] | undefined {
	if (bytes.length < 8 || PNG_SIGNATURE.some((value, index) => bytes[index] !== value)) {
		return undefined;
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const chunks: PngChunk[] = [];
	let offset = 8;
	while (offset + 12 <= bytes.length) {
		const length = view.getUint32(offset);
		const dataStart = offset + 8;
		const dataEnd = dataStart + length;
		if (length > 0x7fffffff || dataEnd + 4 > bytes.length) {
			return undefined;
		}
		const type = ascii(bytes, offset + 4, offset + 8);
		if (!/^[A-Za-z]{4}$/.test(type) || crc32(bytes, offset + 4, dataEnd) !== view.getUint32(dataEnd)) {
			return undefined;
		}
		chunks.push({ type, start: offset, dataStart, dataEnd, end: dataEnd + 4 });
		offset = dataEnd + 4;
		if (type === 'IEND') {
			return chunks;
		}
	}
	return undefined;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	for (let i = 0; i < 4; i++) {
		out[4 + i] = type.charCodeAt(i);
	}
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
	return out;
}

/** Keyword of an iTXt chunk's data and where its text fields start; undefined when malformed. */
function parseItxt(data: Uint8Array): { keyword: string; compressed: boolean; text: Uint8Array } | undefined {
	const keywordEnd = data.indexOf(0);
	if (keywordEnd < 1 || keywordEnd > 79 || keywordEnd + 3 > data.length) {
		return undefined;
	}
	const compressed = data[keywordEnd + 1] !== 0;
	const languageEnd = data.indexOf(0, keywordEnd + 3);
	const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
	if (translatedEnd < 0) {
		return undefined;
	}
	return { keyword: ascii(data, 0, keywordEnd), compressed, text: data.subarray(translatedEnd + 1) };
}

/**
 * The PNG with `text` in an uncompressed iTXt chunk under `keyword`, before IEND (an earlier chunk of ours is
 * dropped); undefined when `bytes` is not a well-formed PNG.
 */
export function embedPngText(bytes: Uint8Array, text: string, keyword = METADATA_KEYWORD): Uint8Array | undefined {
	const chunks = pngChunks(bytes);
	if (!chunks || !/^[\x20-\x7e]{1,79}$/.test(keyword)) {
		return undefined;
	}
	// keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, UTF-8 text.
	const data = concat([utf8.encode(keyword), new Uint8Array([0, 0, 0, 0, 0]), utf8.encode(text)]);
	const parts: Uint8Array[] = [bytes.subarray(0, 8)];
	for (const chunk of chunks) {
		if (chunk.type === 'iTXt' && parseItxt(bytes.subarray(chunk.dataStart, chunk.dataEnd))?.keyword === keyword) {
			continue;
		}
		if (chunk.type === 'IEND') {
			parts.push(pngChunk('iTXt', data));
		}
		parts.push(bytes.subarray(chunk.start, chunk.end));
	}
	return concat(parts);
}

/** The text of the first uncompressed iTXt chunk under `keyword` in a well-formed PNG, if any (valid UTF-8 only). */
export function readPngText(bytes: Uint8Array, keyword = METADATA_KEYWORD): string | undefined {
	for (const chunk of pngChunks(bytes) ?? []) {
		if (chunk.type !== 'iTXt') {
			continue;
		}
		const parsed = parseItxt(bytes.subarray(chunk.dataStart, chunk.dataEnd));
		if (parsed?.keyword === keyword && !parsed.compressed) {
			return decodeUtf8(parsed.text);
		}
	}
	return undefined;
}

// XMP ------------------------------------------------------------------------------------------------------------

/** Escapes text for XML character data and attributes. */
export function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);
}

function unescapeXml(text: string): string | undefined {
	const entity = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
	if (/&/.test(text.replace(entity, ''))) {
		return undefined; // A bare "&" or an entity we do not know: not text we wrote.
	}
	let bad = false;
	const out = text.replace(entity, (_match, name: string) => {
		if (name.startsWith('#')) {
			const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
				bad = true;
				return '';
			}
			return String.fromCodePoint(code);
		}
		return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp'];
	});
	return bad ? undefined : out;
}

/**
 * An XMP packet holding `text` as the value of our one property. `text` must be valid XML character data once
 * `&<>"'` are escaped (the provenance serializer guarantees that).
 */
export function xmpPacket(text: string): string {
	return (
		`<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n` +
		`<x:xmpmeta xmlns:x="adobe:ns:meta/">\n` +
		` <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n` +
		`  <rdf:Description rdf:about="" xmlns:${XMP_PREFIX}="${XMP_NAMESPACE}">\n` +
		`   <${XMP_PREFIX}:${XMP_PROPERTY}>${escapeXml(text)}</${XMP_PREFIX}:${XMP_PROPERTY}>\n` +
		`  </rdf:Description>\n` +
		` </rdf:RDF>\n` +
		`</x:xmpmeta>\n` +
		`<?xpacket end="w"?>`
	);
}

/** Our property's text from an XMP packet, whatever prefix it binds our namespace to; undefined when absent or malformed. */
export function readXmpPacket(packet: string): string | undefined {
	const binding = new RegExp(`xmlns:([A-Za-z_][\\w.-]{0,30})=["']${XMP_NAMESPACE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["']`).exec(packet);
	if (!binding) {
		return undefined;
	}
	const prefix = binding[1];
	const element = new RegExp(`<${prefix}:${XMP_PROPERTY}>([^<]*)</${prefix}:${XMP_PROPERTY}>`).exec(packet);
	return element ? unescapeXml(element[1]) : undefined;
}

function isOurXmp(payload: Uint8Array): boolean {
	const text = decodeUtf8(payload);
	return text !== undefined && text.includes(XMP_NAMESPACE);
}

// JPEG -----------------------------------------------------------------------------------------------------------

interface JpegSegment {
	readonly marker: number;
	readonly start: number;
	/** Offset of the payload (after marker and length). */
	readonly dataStart: number;
	readonly end: number;
}

/** The marker segments of a JPEG before its scan data (up to and excluding SOS); undefined when malformed. */
function jpegHeaderSegments(bytes: Uint8Array): { segments: JpegSegment[]; scanStart: number } | undefined {
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
		return undefined;
	}
	const segments: JpegSegment[] = [];
	let offset = 2;
	while (offset + 4 <= bytes.length) {
		if (bytes[offset] !== 0xff) {
			return undefined;
		}
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset++; // Fill byte.
			continue;
		}
		if (marker === 0xda) {
			return { segments, scanStart: offset };
		}
		if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			return undefined;
		}
		const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
		if (length < 2 || offset + 2 + length > bytes.length) {
			return undefined;
		}
		segments.push({ marker, start: offset, dataStart: offset + 4, end: offset + 2 + length });
		offset += 2 + length;
	}
	return undefined;
}

function isXmpSegment(bytes: Uint8Array, segment: JpegSegment): boolean {
	return segment.marker === 0xe1 && ascii(bytes, segment.dataStart, Math.min(segment.end, segment.dataStart + XMP_HEADER.length)) === XMP_HEADER;
}

/**
 * The JPEG with `text` in an XMP APP1 segment, placed after SOI and the leading APP0/APP1 segments (JFIF, Exif). Our
 * earlier XMP is replaced. Undefined when the JPEG is malformed, already carries someone else's XMP, or the packet
 * exceeds one segment (≈ 64 KB).
 */
export function embedJpegXmp(bytes: Uint8Array, text: string): Uint8Array | undefined {
	const parsed = jpegHeaderSegments(bytes);
	if (!parsed) {
		return undefined;
	}
	const packet = utf8.encode(xmpPacket(text));
	if (packet.length > MAX_JPEG_XMP_BYTES) {
		return undefined;
	}
	const kept = parsed.segments.filter(
		(segment) => !(isXmpSegment(bytes, segment) && isOurXmp(bytes.subarray(segment.dataStart + XMP_HEADER.length, segment.end))),
	);
	if (kept.some((segment) => isXmpSegment(bytes, segment))) {
		return undefined;
	}
	const length = 2 + XMP_HEADER.length + packet.length;
	const segment = concat([new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff]), utf8.encode(XMP_HEADER), packet]);
	let insertAt = 0;
	while (insertAt < kept.length && (kept[insertAt].marker === 0xe0 || kept[insertAt].marker === 0xe1)) {
		insertAt++;
	}
	const parts: Uint8Array[] = [bytes.subarray(0, 2)];
	kept.forEach((existing, index) => {
		if (index === insertAt) {
			parts.push(segment);
		}
		parts.push(bytes.subarray(existing.start, existing.end));
	});
	if (insertAt === kept.length) {
		parts.push(segment);
	}
	parts.push(bytes.subarray(parsed.scanStart));
	return concat(parts);
}

/** Our text from the XMP APP1 segments of a JPEG, if any. */
export function readJpegXmp(bytes: Uint8Array): string | undefined {
	for (const segment of jpegHeaderSegments(bytes)?.segments ?? []) {
		if (isXmpSegment(bytes, segment)) {
			const packet = decodeUtf8(bytes.subarray(segment.dataStart + XMP_HEADER.length, segment.end));
			const text = packet === undefined ? undefined : readXmpPacket(packet);
			if (text !== undefined) {
				return text;
			}
		}
	}
	return undefined;
}

// WebP -----------------------------------------------------------------------------------------------------------

interface RiffChunk {
	readonly fourcc: string;
	readonly start: number;
	readonly dataStart: number;
	readonly size: number;
	/** Offset after the data and its pad byte. */
	readonly end: number;
}

function webpChunks(bytes: Uint8Array): RiffChunk[] | undefined {
	if (bytes.length < 20 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 12) !== 'WEBP') {
		return undefined;
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const riffEnd = 8 + view.getUint32(4, true);
	if (riffEnd > bytes.length || riffEnd < 12) {
		return undefined;
	}
	const chunks: RiffChunk[] = [];
	let offset = 12;
	while (offset + 8 <= riffEnd) {
		const size = view.getUint32(offset + 4, true);
		const dataStart = offset + 8;
		if (dataStart + size > riffEnd) {
			return undefined;
		}
		const end = Math.min(riffEnd, dataStart + size + (size & 1));
		chunks.push({ fourcc: ascii(bytes, offset, offset + 4), start: offset, dataStart, size, end });
		offset = end;
	}
	return chunks.length > 0 && offset === riffEnd ? chunks : undefined;
}

function riffChunk(fourcc: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(8 + data.length + (data.length & 1));
	for (let i = 0; i < 4; i++) {
		out[i] = fourcc.charCodeAt(i);
	}
	new DataView(out.buffer).setUint32(4, data.length, true);
	out.set(data, 8);
	return out;
}

/** Canvas size and alpha of a simple WebP's one image chunk, read from its bitstream header. */
function simpleWebpCanvas(bytes: Uint8Array, chunk: RiffChunk): { width: number; height: number; alpha: boolean } | undefined {
	const data = bytes.subarray(chunk.dataStart, chunk.dataStart + chunk.size);
	if (chunk.fourcc === 'VP8 ') {
		// Frame tag (3 bytes, key frame bit 0 clear), start code 9d 01 2a, then 14-bit width and height (2 scale bits each).
		if (data.length < 10 || (data[0] & 1) !== 0 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) {
			return undefined;
		}
		return { width: (data[6] | (data[7] << 8)) & 0x3fff, height: (data[8] | (data[9] << 8)) & 0x3fff, alpha: false };
	}
	if (chunk.fourcc === 'VP8L') {
		// Signature 0x2f, then 14 bits width − 1, 14 bits height − 1, 1 bit alpha_is_used, 3 bits version (0).
		if (data.length < 5 || data[0] !== 0x2f) {
			return undefined;
		}
		const bits = data[1] | (data[2] << 8) | (data[3] << 16) | (data[4] << 24);
		if (bits >>> 29 !== 0) {
			return undefined;
		}
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
	}
	return undefined;
}

const VP8X_XMP_FLAG = 0x04;
const VP8X_ALPHA_FLAG = 0x10;

function vp8xChunk(width: number, height: number, flags: number): Uint8Array {
	const data = new Uint8Array(10);
	data[0] = flags;
	const w = width - 1;
	const h = height - 1;
	data.set([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff], 4);
	return riffChunk('VP8X', data);
}

/**
 * The WebP with `text` in an XMP chunk (last), the VP8X XMP flag set. A simple VP8/VP8L file gets a VP8X chunk first
 * (canvas from the bitstream, alpha flag from VP8L's header). Our earlier XMP is replaced; undefined when the file is
 * malformed, animated-and-odd, or carries someone else's XMP.
 */
export function embedWebpXmp(bytes: Uint8Array, text: string): Uint8Array | undefined {
	const chunks = webpChunks(bytes);
	if (!chunks) {
		return undefined;
	}
	const kept = chunks.filter((chunk) => !(chunk.fourcc === 'XMP ' && isOurXmp(bytes.subarray(chunk.dataStart, chunk.dataStart + chunk.size))));
	if (kept.some((chunk) => chunk.fourcc === 'XMP ')) {
		return undefined;
	}
	const xmp = riffChunk('XMP ', utf8.encode(xmpPacket(text)));
	const parts: Uint8Array[] = [];
	if (kept[0].fourcc === 'VP8X') {
		if (kept[0].size < 10) {
			return undefined;
		}
		const header = bytes.slice(kept[0].start, kept[0].end);
		header[8] |= VP8X_XMP_FLAG;
		parts.push(header, ...kept.slice(1).map((chunk) => bytes.subarray(chunk.start, chunk.end)));
	} else {
		const image = kept.find((chunk) => chunk.fourcc === 'VP8 ' || chunk.fourcc === 'VP8L');
		const canvas = image && kept[0] === image ? simpleWebpCanvas(bytes, image) : undefined;
		if (!canvas || canvas.width === 0 || canvas.height === 0) {
			return undefined;
		}
		parts.push(
			vp8xChunk(canvas.width, canvas.height, VP8X_XMP_FLAG | (canvas.alpha ? VP8X_ALPHA_FLAG : 0)),
			...kept.map((chunk) => bytes.subarray(chunk.start, chunk.end)),
		);
	}
	parts.push(xmp);
	const body = concat(parts);
	const header = new Uint8Array(12);
	header.set(bytes.subarray(0, 12));
	new DataView(header.buffer).setUint32(4, 4 + body.length, true);
	return concat([header, body]);
}

/** Our text from a WebP's XMP chunk, if any. */
export function readWebpXmp(bytes: Uint8Array): string | undefined {
	for (const chunk of webpChunks(bytes) ?? []) {
		if (chunk.fourcc === 'XMP ') {
			const packet = decodeUtf8(bytes.subarray(chunk.dataStart, chunk.dataStart + chunk.size));
			const text = packet === undefined ? undefined : readXmpPacket(packet);
			if (text !== undefined) {
				return text;
			}
		}
	}
	return undefined;
}

// Any of the three -----------------------------------------------------------------------------------------------

/** The image with `text` embedded, by its magic bytes; undefined when the type is not one of the three or cannot carry it. */
export function embedText(bytes: Uint8Array, text: string): Uint8Array | undefined {
	if (bytes[0] === 0x89 && bytes[1] === 0x50) {
		return embedPngText(bytes, text);
	}
	if (bytes[0] === 0xff && bytes[1] === 0xd8) {
		return embedJpegXmp(bytes, text);
	}
	if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF') {
		return embedWebpXmp(bytes, text);
	}
	return undefined;
}

/** The embedded text of a PNG, JPEG or WebP, if it carries ours. */
export function readEmbeddedText(bytes: Uint8Array): string | undefined {
	if (bytes[0] === 0x89 && bytes[1] === 0x50) {
		return readPngText(bytes);
	}
	if (bytes[0] === 0xff && bytes[1] === 0xd8) {
		return readJpegXmp(bytes);
	}
	if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF') {
		return readWebpXmp(bytes);
	}
	return undefined;
}
