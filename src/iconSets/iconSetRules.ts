/**
 * What an icon set holds, as plain data and pure functions (no `vscode`, unit-tested in plain Node): the sizes offered
 * and their defaults, the fixed members (favicon, Apple touch icon, web manifest, VS Code extension icon), and the
 * snippets that point at them.
 */
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../core/errors';

/** The sizes offered, in pixels (square). */
export const ICON_SIZES = [16, 32, 48, 64, 128, 180, 192, 256, 512, 1024] as const;

/** Inside favicon.ico (PNG entries); browsers pick 16 or 32, Windows shortcuts 48. */
export const FAVICON_SIZES = [16, 32, 48] as const;
/** apple-touch-icon.png: 180×180, opaque (iOS puts transparent pixels on black). */
export const APPLE_TOUCH_SIZE = 180;
/** The web app manifest's icons: 192 and 512 are what Chrome asks for to install a site. */
export const MANIFEST_SIZES = [192, 512] as const;
/** A VS Code extension's `icon`: the Marketplace wants at least 128×128; 256 for high-DPI screens. */
export const EXTENSION_ICON_SIZES = [128, 256] as const;

/** The default sizes for a source: every offered size that needs no upscaling (at least the smallest). */
export function defaultIconSizes(width: number, height: number): number[] {
	const shorter = Math.min(width, height);
	const fitting = ICON_SIZES.filter((size) => size <= shorter);
	return fitting.length > 0 ? fitting : [ICON_SIZES[0]];
}

/** Checks sizes given as arguments: known sizes only, each once, sorted. */
export function parseIconSizes(value: unknown): number[] {
	if (!Array.isArray(value) || value.length === 0) {
		throw new ImageStudioError('invalidInput', l10n.t('"sizes" must be a non-empty list of sizes from {0}.', ICON_SIZES.join(', ')));
	}
	const unknown = value.filter((size) => !(ICON_SIZES as readonly unknown[]).includes(size));
	if (unknown.length > 0) {
		const listed = unknown
			.slice(0, 5)
			.map((size) => JSON.stringify(size))
			.join(', ');
		throw new ImageStudioError(
			'invalidInput',
			unknown.length === 1
				? l10n.t('Icon sizes are {0}; {1} is not among them.', ICON_SIZES.join(', '), listed)
				: l10n.t('Icon sizes are {0}; {1} are not among them.', ICON_SIZES.join(', '), listed),
		);
	}
	return [...new Set(value as number[])].sort((a, b) => a - b);
}

/** The web app manifest written beside the icons (its `icons` member; merge it into the site's own manifest). */
export function manifestSnippet(): string {
	const icons = MANIFEST_SIZES.map((size) => ({ src: `icon-${size}.png`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' }));
	return `${JSON.stringify({ icons }, null, '\t')}\n`;
}

/** The `<head>` tags that use the set (paths relative to where the folder is served). */
export function htmlSnippet(folderName: string): string {
	return [
		`<link rel="icon" href="/${folderName}/favicon.ico" sizes="48x48">`,
		`<link rel="icon" href="/${folderName}/icon-32.png" type="image/png" sizes="32x32">`,
		`<link rel="apple-touch-icon" href="/${folderName}/apple-touch-icon.png">`,
		`<link rel="manifest" href="/${folderName}/manifest.webmanifest">`,
	].join('\n');
}
