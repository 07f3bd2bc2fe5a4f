/**
 * The asset manifest (`assets.imagestudio.json`): parsed with jsonc-parser's tree so that every problem carries the
 * offset and length of the text it is about (the editor turns them into Problems; the CLI into line:column). A bad
 * entry is reported and skipped, the others are kept. No `vscode`, no file system: references are checked through an
 * injected `exists`.
 */
import * as l10n from '@vscode/l10n';
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { ALL_ASPECT_RATIOS, ALL_IMAGE_SIZES, DEFAULT_MODEL_ID, ImageSize, resolveModel } from '../gemini/modelCatalog';
import { extensionOf, manifestPathProblem, numberedOutputs, OUTPUT_EXTENSIONS } from './assetPaths';

export const MANIFEST_FILE_NAME = 'assets.imagestudio.json';
export const MAX_COUNT = 8;
export const DEFAULT_ASPECT_RATIO = '1:1';
const MAX_PROMPT_LENGTH = 20_000;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface ManifestProblem {
	readonly message: string;
	/** Where in the manifest text (UTF-16 offsets, as jsonc-parser reports them). */
	readonly offset: number;
	readonly length: number;
	/** `error`: the entry (or the manifest) is skipped; `warning`: kept, but worth a look. */
	readonly severity: 'error' | 'warning';
	readonly assetId?: string;
}

/** One asset as it will be requested: defaults applied, style added, outputs numbered. */
export interface ResolvedAsset {
	readonly id: string;
	/** The prompt as sent: the asset's prompt, then the shared style. */
	readonly prompt: string;
	readonly model: string;
	readonly aspectRatio: string;
	readonly imageSize?: ImageSize;
	/** Manifest-relative paths of reference images, in order. */
	readonly references: readonly string[];
	readonly count: number;
	/** Manifest-relative output path as written (outputFolder applied). */
	readonly output: string;
	/** The files it produces: `output`, then `name-2.ext`, … up to `count`. */
	readonly outputs: readonly string[];
	/** The entry's place in the manifest text. */
	readonly offset: number;
	readonly length: number;
}

export interface ParsedManifest {
	readonly assets: readonly ResolvedAsset[];
	readonly problems: readonly ManifestProblem[];
	/** Nothing could be used: the text is not valid JSON, or has no `assets` array. */
	readonly fatal: boolean;
}

interface Defaults {
	model: string;
	aspectRatio: string;
	imageSize?: ImageSize;
	outputFolder?: string;
}

const TOP_KEYS = new Set(['$schema', 'defaults', 'style', 'assets']);
const DEFAULT_KEYS = new Set(['model', 'aspectRatio', 'imageSize', 'outputFolder']);
const ASSET_KEYS = new Set(['id', 'prompt', 'output', 'model', 'aspectRatio', 'imageSize', 'references', 'count']);

class Problems {
	readonly list: ManifestProblem[] = [];
	add(node: Node | undefined, message: string, severity: 'error' | 'warning' = 'error', assetId?: string): void {
		this.list.push({ message, offset: node?.offset ?? 0, length: node?.length ?? 0, severity, ...(assetId !== undefined ? { assetId } : {}) });
	}
}

/** The properties of an object node as [key, key node, value node]. */
function properties(node: Node): [string, Node, Node][] {
	return (node.children ?? []).flatMap((property) => {
		const [key, value] = property.children ?? [];
		return key && value ? [[String(key.value), key, value] as [string, Node, Node]] : [];
	});
}

function stringValue(node: Node | undefined): string | undefined {
	return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Parses and validates the manifest text (structure, paths, the catalog's ratios and sizes). Reference files are not
 * looked at here: {@link checkReferences} does that with a file-system port.
 */
export function parseManifest(text: string): ParsedManifest {
	const problems = new Problems();
	const errors: ParseError[] = [];
	const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
	if (errors.length > 0 || !root) {
		for (const error of errors) {
			problems.list.push({
				message: l10n.t('Not valid JSON: {0}.', printParseErrorCode(error.error)),
				offset: error.offset,
				length: error.length,
				severity: 'error',
			});
		}
		if (!root && errors.length === 0) {
			problems.list.push({ message: l10n.t('The manifest is empty.'), offset: 0, length: 0, severity: 'error' });
		}
		return { assets: [], problems: problems.list, fatal: true };
	}
	if (root.type !== 'object') {
		problems.add(root, l10n.t('The manifest must be a JSON object with an "assets" array.'));
		return { assets: [], problems: problems.list, fatal: true };
	}
	const top = new Map(properties(root).map(([key, keyNode, value]) => [key, { keyNode, value }]));
	for (const [key, keyNode] of properties(root)) {
		if (!TOP_KEYS.has(key)) {
			problems.add(keyNode, l10n.t('Unknown property "{0}" (expected $schema, defaults, style, assets); it is ignored.', key), 'warning');
		}
	}
	const defaults = parseDefaults(top.get('defaults')?.value, problems);
	let style: string | undefined;
	const styleNode = top.get('style')?.value;
	if (styleNode) {
		style = stringValue(styleNode);
		if (style === undefined) {
			problems.add(styleNode, l10n.t('"style" must be a string; it is ignored.'));
		}
	}
	const assetsNode = top.get('assets')?.value;
	if (!assetsNode || assetsNode.type !== 'array') {
		problems.add(assetsNode ?? root, l10n.t('The manifest needs an "assets" array.'));
		return { assets: [], problems: problems.list, fatal: true };
	}
	const assets: ResolvedAsset[] = [];
	const ids = new Set<string>();
	const outputs = new Map<string, string>();
	for (const entry of assetsNode.children ?? []) {
		const asset = parseAsset(entry, defaults, style, problems);
		if (!asset) {
			continue;
		}
		if (ids.has(asset.id)) {
			problems.add(entry, l10n.t('Duplicate asset id "{0}": this entry is skipped.', asset.id), 'error', asset.id);
			continue;
		}
		const clash = asset.outputs.find((file) => outputs.has(file.toLowerCase()));
		if (clash) {
			problems.add(
				entry,
				l10n.t('"{0}" writes "{1}", which asset "{2}" writes too: this entry is skipped.', asset.id, clash, String(outputs.get(clash.toLowerCase()))),
				'error',
				asset.id,
			);
			continue;
		}
		ids.add(asset.id);
		for (const file of asset.outputs) {
			outputs.set(file.toLowerCase(), asset.id);
		}
		assets.push(asset);
	}
	return { assets, problems: problems.list, fatal: false };
}

function parseDefaults(node: Node | undefined, problems: Problems): Defaults {
	const defaults: Defaults = { model: DEFAULT_MODEL_ID, aspectRatio: DEFAULT_ASPECT_RATIO };
	if (!node) {
		return defaults;
	}
	if (node.type !== 'object') {
		problems.add(node, l10n.t('"defaults" must be an object; it is ignored.'));
		return defaults;
	}
	for (const [key, keyNode, value] of properties(node)) {
		if (!DEFAULT_KEYS.has(key)) {
			problems.add(
				keyNode,
				l10n.t('Unknown property "{0}" in defaults (expected model, aspectRatio, imageSize, outputFolder); it is ignored.', key),
				'warning',
			);
			continue;
		}
		const text = stringValue(value);
		if (text === undefined) {
			problems.add(value, l10n.t('defaults.{0} must be a string; it is ignored.', key));
			continue;
		}
		if (key === 'model') {
			if (resolveModel(text).kind === 'invalid') {
				problems.add(value, l10n.t('"{0}" is not a model ID; the default model {1} is used.', text, DEFAULT_MODEL_ID));
			} else {
				defaults.model = text;
			}
		} else if (key === 'aspectRatio') {
			defaults.aspectRatio = text;
		} else if (key === 'imageSize') {
			if ((ALL_IMAGE_SIZES as readonly string[]).includes(text)) {
				defaults.imageSize = text as ImageSize;
			} else {
				problems.add(value, l10n.t('defaults.imageSize "{0}" is not one of {1}; it is ignored.', text, ALL_IMAGE_SIZES.join(', ')));
			}
		} else {
			const why = manifestPathProblem(text.replace(/\/+$/, ''));
			if (why) {
				problems.add(value, l10n.t('defaults.outputFolder "{0}" {1}; it is ignored.', text, why));
			} else {
				defaults.outputFolder = text.replace(/\/+$/, '');
			}
		}
	}
	return defaults;
}

function parseAsset(entry: Node, defaults: Defaults, style: string | undefined, problems: Problems): ResolvedAsset | undefined {
	if (entry.type !== 'object') {
		problems.add(entry, l10n.t('Each asset must be an object with id, prompt and output: this entry is skipped.'));
		return undefined;
	}
	const fields = new Map(properties(entry).map(([key, keyNode, value]) => [key, { keyNode, value }]));
	const id = stringValue(fields.get('id')?.value);
	const idNode = fields.get('id')?.value ?? entry;
	const label = id ?? '(no id)';
	let ok = true;
	const fail = (node: Node | undefined, message: string) => {
		problems.add(node ?? entry, l10n.t('{0} Asset "{1}" is skipped.', message, label), 'error', id);
		ok = false;
	};
	if (id === undefined) {
		fail(idNode, l10n.t('An asset needs an "id" string.'));
	} else if (!ID_PATTERN.test(id)) {
		fail(idNode, l10n.t('The id "{0}" may hold only letters, digits, ".", "_" and "-" (at most 100, starting with a letter or digit).', id.slice(0, 40)));
	}
	for (const [key, keyNode] of fields) {
		if (!ASSET_KEYS.has(key)) {
			fail(keyNode.keyNode, l10n.t('Unknown property "{0}" (expected {1}).', key, [...ASSET_KEYS].join(', ')));
		}
	}
	const promptNode = fields.get('prompt')?.value;
	const prompt = stringValue(promptNode);
	if (prompt === undefined || prompt.trim() === '') {
		fail(promptNode, l10n.t('An asset needs a non-empty "prompt" string.'));
	} else if (prompt.length > MAX_PROMPT_LENGTH) {
		fail(promptNode, l10n.t('The prompt is longer than {0} characters.', MAX_PROMPT_LENGTH));
	}
	const outputNode = fields.get('output')?.value;
	let output = stringValue(outputNode);
	if (output === undefined) {
		fail(outputNode, l10n.t('An asset needs an "output" path (relative to the manifest\'s folder).'));
	} else {
		output = defaults.outputFolder ? `${defaults.outputFolder}/${output}` : output;
		const why = manifestPathProblem(output);
		if (why) {
			fail(outputNode, l10n.t('The output "{0}" {1}.', output.slice(0, 120), why));
		} else if (!(OUTPUT_EXTENSIONS as readonly string[]).includes(extensionOf(output))) {
			fail(outputNode, l10n.t('The output "{0}" must end in {1}.', output.slice(0, 120), OUTPUT_EXTENSIONS.map((e) => `.${e}`).join(', ')));
		}
	}
	const modelNode = fields.get('model')?.value;
	const modelId = modelNode ? stringValue(modelNode) : defaults.model;
	const resolution = modelId === undefined ? undefined : resolveModel(modelId);
	if (!resolution || resolution.kind === 'invalid') {
		fail(modelNode, l10n.t('"model" must be a model ID such as {0}.', DEFAULT_MODEL_ID));
	}
	const known = resolution?.kind === 'known' ? resolution.model : undefined;
	const ratioNode = fields.get('aspectRatio')?.value;
	const aspectRatio = ratioNode ? stringValue(ratioNode) : defaults.aspectRatio;
	const ratios = known?.aspectRatios ?? ALL_ASPECT_RATIOS;
	if (aspectRatio === undefined || !ratios.includes(aspectRatio)) {
		fail(
			ratioNode ?? modelNode ?? entry,
			known
				? l10n.t('{0} does not offer the aspect ratio "{1}" (it offers {2}).', known.id, String(aspectRatio), ratios.join(', '))
				: l10n.t('"{0}" is not an aspect ratio ({1}).', String(aspectRatio), ALL_ASPECT_RATIOS.join(', ')),
		);
	}
	const sizeNode = fields.get('imageSize')?.value;
	let imageSize: ImageSize | undefined;
	const sizeText = sizeNode ? stringValue(sizeNode) : defaults.imageSize;
	if (sizeNode && sizeText === undefined) {
		fail(sizeNode, l10n.t('"imageSize" must be a string.'));
	} else if (sizeText !== undefined) {
		if (known && known.imageSizes.length === 0) {
			// A default size for a model without sizes is dropped quietly; one written on the asset is an error.
			if (sizeNode) {
				fail(sizeNode, l10n.t('{0} takes no image size (its output size is fixed).', known.id));
			}
		} else if (!(known?.imageSizes ?? ALL_IMAGE_SIZES).includes(sizeText as ImageSize)) {
			fail(
				sizeNode ?? modelNode ?? entry,
				known
					? l10n.t('{0} does not offer the image size "{1}" (it offers {2}).', known.id, sizeText, known.imageSizes.join(', '))
					: l10n.t('"{0}" is not an image size ({1}).', sizeText, ALL_IMAGE_SIZES.join(', ')),
			);
		} else {
			imageSize = sizeText as ImageSize;
		}
	} else if (known?.defaultImageSize) {
		imageSize = known.defaultImageSize;
	}
	const countNode = fields.get('count')?.value;
	let count = 1;
	if (countNode) {
		if (countNode.type !== 'number' || !Number.isInteger(countNode.value) || countNode.value < 1 || countNode.value > MAX_COUNT) {
			fail(countNode, l10n.t('"count" must be a whole number from 1 to {0}.', MAX_COUNT));
		} else {
			count = countNode.value;
		}
	}
	const references: string[] = [];
	const referencesNode = fields.get('references')?.value;
	if (referencesNode) {
		if (referencesNode.type !== 'array') {
			fail(referencesNode, l10n.t('"references" must be an array of paths.'));
		} else {
			for (const item of referencesNode.children ?? []) {
				const reference = stringValue(item);
				const why = reference === undefined ? l10n.t('is not a string') : manifestPathProblem(reference);
				if (why || reference === undefined) {
					fail(
						item,
						reference === undefined
							? l10n.t('The reference {0}.', why ?? '')
							: l10n.t('The reference "{0}" {1}.', reference.slice(0, 120), why ?? ''),
					);
				} else {
					references.push(reference);
				}
			}
			const max = known?.maxInputImages;
			if (max !== undefined && references.length > max) {
				fail(referencesNode, l10n.t('{0} takes at most {1} reference images ({2} given).', String(known?.id), max, references.length));
			}
		}
	}
	if (!ok || id === undefined || prompt === undefined || output === undefined || modelId === undefined || aspectRatio === undefined) {
		return undefined;
	}
	return {
		id,
		prompt: style && style.trim() !== '' ? `${prompt.trim()}\n\n${style.trim()}` : prompt.trim(),
		model: modelId,
		aspectRatio,
		...(imageSize ? { imageSize } : {}),
		references,
		count,
		output,
		outputs: numberedOutputs(output, count),
		offset: entry.offset,
		length: entry.length,
	};
}

/**
 * Drops the assets whose reference images do not exist (reported at the reference's place in the text), through an
 * injected check so that the VS Code and Node file systems both fit.
 */
export async function checkReferences(text: string, parsed: ParsedManifest, exists: (relativePath: string) => Promise<boolean>): Promise<ParsedManifest> {
	const problems = [...parsed.problems];
	const assets: ResolvedAsset[] = [];
	for (const asset of parsed.assets) {
		let ok = true;
		for (const reference of asset.references) {
			if (!(await exists(reference))) {
				const at = findStringInRange(text, reference, asset.offset, asset.length);
				problems.push({
					message: l10n.t('The reference "{0}" does not exist. Asset "{1}" is skipped.', reference, asset.id),
					offset: at ?? asset.offset,
					length: at !== undefined ? JSON.stringify(reference).length : asset.length,
					severity: 'error',
					assetId: asset.id,
				});
				ok = false;
			}
		}
		if (ok) {
			assets.push(asset);
		}
	}
	return { ...parsed, assets, problems };
}

/** Parses, validates and checks the references: what a run starts with. */
export async function loadManifest(text: string, exists: (relativePath: string) => Promise<boolean>): Promise<ParsedManifest> {
	const parsed = parseManifest(text);
	return parsed.fatal ? parsed : checkReferences(text, parsed, exists);
}

function findStringInRange(text: string, value: string, offset: number, length: number): number | undefined {
	const index = text.slice(offset, offset + length).indexOf(JSON.stringify(value));
	return index < 0 ? undefined : offset + index;
}

/** Line and column (both 1-based) of an offset, for terminal messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset);
	const line = before.split('\n').length;
	return { line, column: offset - before.lastIndexOf('\n') };
}
