/**
 * File names for generated images: derived from the prompt, legal on Windows, macOS and Linux, length-limited.
 * Pure, so the awkward cases (reserved device names, trailing dots, Unicode) are unit-tested in plain Node.
 */

/** Characters kept from a prompt for a file name; longer slugs are cut at a word boundary. */
export const MAX_SLUG_LENGTH = 60;

/** Device names Windows reserves, also with an extension (`nul.txt`, `aux.png`); compared before the first dot. */
export const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Characters that make a name look unlike what it is: bidirectional controls and zero-width characters. */
export const INVISIBLE_OR_BIDI = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** Turns a prompt into a lower-case, hyphenated file-name stem such as `red-bicycle-on-a-beach`. */
export function slugFromPrompt(prompt: string, fallback = 'image'): string {
	const ascii = prompt
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
	const words = ascii.match(/[\p{L}\p{N}]+/gu) ?? [];
	let slug = '';
	for (const word of words) {
		const next = slug ? `${slug}-${word}` : word;
		if (next.length > MAX_SLUG_LENGTH) {
			if (!slug) {
				slug = word.slice(0, MAX_SLUG_LENGTH);
			}
			break;
		}
		slug = next;
	}
	return sanitizeFileStem(slug, fallback);
}

/** Makes any string a safe file-name stem: no separators, control or reserved characters, no reserved names. */
export function sanitizeFileStem(stem: string, fallback = 'image'): string {
	let safe = stem
		.normalize('NFC')
		.replace(INVISIBLE_OR_BIDI, '')
		.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[\s.-]+|[\s.-]+$/g, '');
	if (safe.length > MAX_SLUG_LENGTH * 2) {
		safe = safe.slice(0, MAX_SLUG_LENGTH * 2).replace(/[\s.-]+$/g, '');
	}
	if (!safe) {
		safe = fallback;
	}
	const base = safe.split('.')[0].trim();
	if (WINDOWS_RESERVED.test(base)) {
		safe = `${safe}-image`;
	}
	return safe;
}

/** `stem.ext`, then `stem-2.ext`, `stem-3.ext`, … for the n-th attempt (0-based). */
export function numberedFileName(stem: string, extension: string, attempt: number): string {
	return attempt === 0 ? `${stem}.${extension}` : `${stem}-${attempt + 1}.${extension}`;
}
