// Request validation of generateContent / streamGenerateContent / countTokens bodies: the shape Google's front end
// parses (proto JSON: oneof `data`, typed fields, exact enum names) and what the model takes (modelTable.ts: ratios,
// sizes, input images and types, Search, thinking). Errors come in Google's shapes (gemini-wire.md §7, §14): the
// parser's literal messages where they are known from the wild, else 400 "Request contains an invalid argument." with
// a BadRequest detail that says what was wrong.
import { GoogleErrorBody, googleError, invalidArgument } from './googleErrors';
import { sniffImageMime } from './images';
import type { FakeModel, ThinkingLevelName } from './modelTable';

type Json = any;

/** What validation needs from the server besides the body. */
export interface ValidationEnv {
	model: FakeModel;
	countTokens: boolean;
	/** Whether a fileData part names a usable file of this fake (403/400 when not), see files.ts. */
	fileDataProblem(part: Json, where: string): GoogleErrorBody | undefined;
	/** The MIME type a fileData part stands for: the one given, else the uploaded file's. */
	fileDataMime(fileData: Json): string | undefined;
}

const KNOWN_REQUEST_FIELDS = new Set([
	'contents',
	'systemInstruction',
	'system_instruction',
	'tools',
	'toolConfig',
	'tool_config',
	'safetySettings',
	'safety_settings',
	'cachedContent',
	'cached_content',
	'generationConfig',
	'generation_config',
	'labels',
	'model',
	'store',
	'serviceTier',
]);

/** Members of Part's `data` oneof (https://ai.google.dev/api/caching#Part), camelCase and snake_case. */
const DATA_FIELDS: readonly [string, string][] = [
	['text', 'text'],
	['inlineData', 'inline_data'],
	['fileData', 'file_data'],
	['functionCall', 'function_call'],
	['functionResponse', 'function_response'],
	['executableCode', 'executable_code'],
	['codeExecutionResult', 'code_execution_result'],
];

/** `responseModalities` values, exact: proto enum names (`Modality`). */
const MODALITIES = new Set(['TEXT', 'IMAGE', 'AUDIO']);

/**
 * `thinkingLevel` spellings: the SDK's enum names (`ThinkingLevel.LOW` → "LOW") and the lowercase ones of Google's REST
 * examples (`"thinkingLevel": "low"`, Gemini 3 guide). Anything else is not a ThinkingLevel.
 */
const THINKING_LEVELS = new Map<string, ThinkingLevelName>([
	['MINIMAL', 'MINIMAL'],
	['LOW', 'LOW'],
	['MEDIUM', 'MEDIUM'],
	['HIGH', 'HIGH'],
	['minimal', 'MINIMAL'],
	['low', 'LOW'],
	['medium', 'MEDIUM'],
	['high', 'HIGH'],
]);

const UNABLE_TO_PROCESS_IMAGE = 'Unable to process input image. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';

/** The proto JSON parser's reply to a value of the wrong type or an unknown enum name. */
function invalidValue(field: string, type: string, value: unknown): GoogleErrorBody {
	const description = `Invalid value at '${field}' (${type}), ${JSON.stringify(value)}`;
	return googleError(400, `Invalid JSON payload received. ${description}`, 'INVALID_ARGUMENT', [
		{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
	]);
}

/** Google's literal field errors: `* GenerateContentRequest.<path>: <text>\n` (seen in the wild). */
function requestFieldError(path: string, text: string): GoogleErrorBody {
	return googleError(400, `* GenerateContentRequest.${path}: ${text}\n`, 'INVALID_ARGUMENT');
}

/** The first problem of a generate/countTokens body for this model, or undefined when Google would take it. */
export function validateRequest(body: Json, env: ValidationEnv): GoogleErrorBody | undefined {
	if (!env.countTokens) {
		for (const k of Object.keys(body)) {
			if (!KNOWN_REQUEST_FIELDS.has(k)) {
				return googleError(400, `Invalid JSON payload received. Unknown name "${k}": Cannot find field.`, 'INVALID_ARGUMENT', [
					{
						'@type': 'type.googleapis.com/google.rpc.BadRequest',
						fieldViolations: [{ description: `Invalid JSON payload received. Unknown name "${k}": Cannot find field.` }],
					},
				]);
			}
		}
	}
	const contents = env.countTokens && body.contents === undefined && body.generateContentRequest ? body.generateContentRequest.contents : body.contents;
	if (!Array.isArray(contents) || contents.length === 0) {
		return invalidArgument([{ field: 'contents', description: 'contents is not specified' }]);
	}
	const groups: [string, Json][] = contents.map((c: Json, i: number) => [`contents[${i}]`, c]);
	if (body.systemInstruction !== undefined) {
		groups.push(['system_instruction', body.systemInstruction]);
	}
	for (const [where, content] of groups) {
		const problem = contentProblem(content, where, env);
		if (problem) {
			return problem;
		}
	}
	if (env.countTokens) {
		return undefined;
	}
	return (
		generationConfigProblem(body.generationConfig, env.model) ??
		toolsProblem(body.tools, env.model) ??
		imageCountProblem(
			groups.map(([, c]) => c),
			env,
		)
	);
}

function contentProblem(content: Json, where: string, env: ValidationEnv): GoogleErrorBody | undefined {
	if (typeof content !== 'object' || content === null || Array.isArray(content)) {
		return invalidArgument([{ field: where, description: 'must be an object' }]);
	}
	if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
		return invalidArgument([{ field: `${where}.role`, description: `Please use a valid role: user, model. Got ${JSON.stringify(content.role)}.` }]);
	}
	if (content.parts !== undefined && !Array.isArray(content.parts)) {
		return invalidArgument([{ field: `${where}.parts`, description: 'must be a list' }]);
	}
	const parts: Json[] = content.parts ?? [];
	if (parts.length === 0) {
		// "* GenerateContentRequest.contents[41].parts: contents.parts must not be empty." (langchain-google#691).
		return requestFieldError(`${where}.parts`, 'contents.parts must not be empty.');
	}
	for (const [j, part] of parts.entries()) {
		const problem = partProblem(part, `${where}.parts[${j}]`, env);
		if (problem) {
			return problem;
		}
	}
	return undefined;
}

function partProblem(part: Json, where: string, env: ValidationEnv): GoogleErrorBody | undefined {
	if (typeof part !== 'object' || part === null || Array.isArray(part)) {
		return invalidArgument([{ field: where, description: 'part must be an object' }]);
	}
	const set = DATA_FIELDS.filter(([camel, snake]) => part[camel] !== undefined || part[snake] !== undefined);
	if (set.length === 0) {
		// "* GenerateContentRequest.contents[0].parts[2].data: required oneof field 'data' must have one initialized
		// field" (reported for Gemini 3 image models): `{}`, or a part with only thoughtSignature/thought.
		return requestFieldError(`${where}.data`, "required oneof field 'data' must have one initialized field");
	}
	if (set.length > 1) {
		return googleError(400, `Invalid JSON payload received. Oneof field 'data' is already set. Cannot set '${set[1][0]}'`, 'INVALID_ARGUMENT');
	}
	if (part.text !== undefined && typeof part.text !== 'string') {
		return invalidValue(`${where}.text`, 'TYPE_STRING', part.text);
	}
	const mimes = env.model.capabilities.inputMimeTypes;
	const fileData = part.fileData ?? part.file_data;
	if (fileData !== undefined) {
		const fileProblem = env.fileDataProblem(part, where);
		if (fileProblem) {
			return fileProblem;
		}
		const mime = env.fileDataMime(fileData);
		if (typeof mime !== 'string' || !mimes.includes(mime.toLowerCase())) {
			return invalidArgument([{ field: `${where}.file_data.mime_type`, description: `Unsupported MIME type: ${String(mime)}` }]);
		}
		return undefined;
	}
	const inline = part.inlineData ?? part.inline_data;
	if (inline === undefined) {
		return undefined;
	}
	if (typeof inline !== 'object' || inline === null) {
		return invalidArgument([{ field: `${where}.inline_data`, description: 'must be an object' }]);
	}
	const mime = inline.mimeType ?? inline.mime_type;
	if (typeof mime !== 'string' || !mimes.includes(mime.toLowerCase())) {
		return invalidArgument([{ field: `${where}.inline_data.mime_type`, description: `Unsupported MIME type: ${String(mime)}` }]);
	}
	const data = inline.data;
	if (typeof data !== 'string' || data.length === 0) {
		return invalidArgument([{ field: `${where}.inline_data.data`, description: 'inline_data.data is empty' }]);
	}
	// Proto JSON bytes: standard or URL-safe alphabet, padding optional.
	if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data) || data.replace(/=+$/, '').length % 4 === 1) {
		return invalidArgument([{ field: `${where}.inline_data.data`, description: 'Base64 decoding failed for inline_data.data' }]);
	}
	if (mime.toLowerCase().startsWith('image/')) {
		const head = Buffer.from(data.slice(0, 64).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
		if (!sniffImageMime(head)) {
			return googleError(400, UNABLE_TO_PROCESS_IMAGE, 'INVALID_ARGUMENT');
		}
	}
	return undefined;
}

function generationConfigProblem(gc: Json, model: FakeModel): GoogleErrorBody | undefined {
	if (gc === undefined) {
		return undefined;
	}
	if (typeof gc !== 'object' || gc === null || Array.isArray(gc)) {
		return invalidArgument([{ field: 'generation_config', description: 'must be an object' }]);
	}
	const caps = model.capabilities;
	const modalities = gc.responseModalities;
	if (modalities !== undefined) {
		if (!Array.isArray(modalities)) {
			return invalidValue('generation_config.response_modalities', 'TYPE_ENUM', modalities);
		}
		for (const [i, m] of (modalities as unknown[]).entries()) {
			if (typeof m !== 'string' || !MODALITIES.has(m)) {
				return invalidValue(
					`generation_config.response_modalities[${i}]`,
					'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerationConfig.Modality',
					m,
				);
			}
		}
		const unsupported = (modalities as string[]).filter((m) => !(caps.outputModalities as readonly string[]).includes(m));
		if (unsupported.length > 0) {
			// 3p wording for IMAGE asked of a text model.
			return googleError(
				400,
				`Model does not support the requested response modalities: ${unsupported.map((m) => m.toLowerCase()).join(', ')}`,
				'INVALID_ARGUMENT',
			);
		}
	}
	const ic = gc.imageConfig;
	if (ic !== undefined) {
		if (typeof ic !== 'object' || ic === null || Array.isArray(ic)) {
			return invalidArgument([{ field: 'generation_config.image_config', description: 'must be an object' }]);
		}
		if (ic.aspectRatio !== undefined && !caps.aspectRatios.includes(ic.aspectRatio)) {
			return invalidArgument([
				{
					field: 'generation_config.image_config.aspect_ratio',
					description: `Unsupported aspect ratio ${JSON.stringify(ic.aspectRatio)} for ${model.id}; supported: ${caps.aspectRatios.join(', ') || 'none'}.`,
				},
			]);
		}
		if (ic.imageSize !== undefined && !caps.imageSizes.includes(ic.imageSize)) {
			return invalidArgument([
				{
					field: 'generation_config.image_config.image_size',
					description: `Unsupported image size ${JSON.stringify(ic.imageSize)} for ${model.id}; supported: ${caps.imageSizes.join(', ') || 'none'}.`,
				},
			]);
		}
	}
	const tc = gc.thinkingConfig;
	if (tc !== undefined) {
		if (typeof tc !== 'object' || tc === null || Array.isArray(tc)) {
			return invalidArgument([{ field: 'generation_config.thinking_config', description: 'must be an object' }]);
		}
		if (tc.thinkingLevel !== undefined) {
			const level = typeof tc.thinkingLevel === 'string' ? THINKING_LEVELS.get(tc.thinkingLevel) : undefined;
			if (!level) {
				return invalidValue(
					'generation_config.thinking_config.thinking_level',
					'type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel',
					tc.thinkingLevel,
				);
			}
			if (!caps.thinkingLevels.includes(level)) {
				return invalidArgument([
					{
						field: 'generation_config.thinking_config.thinking_level',
						description:
							caps.thinkingLevels.length === 0
								? `Thinking level is not supported for ${model.id}.`
								: `Thinking level ${level} is not supported for ${model.id}; supported: ${caps.thinkingLevels.join(', ')}.`,
					},
				]);
			}
		}
		if (tc.includeThoughts === true && !caps.thinking) {
			return invalidArgument([
				{ field: 'generation_config.thinking_config.include_thoughts', description: `Thinking is not supported for ${model.id}.` },
			]);
		}
	}
	return undefined;
}

function toolsProblem(tools: Json, model: FakeModel): GoogleErrorBody | undefined {
	if (tools === undefined) {
		return undefined;
	}
	if (!Array.isArray(tools)) {
		return invalidValue('tools', 'TYPE_MESSAGE', tools);
	}
	for (const [i, tool] of (tools as Json[]).entries()) {
		if (tool && (tool.googleSearchRetrieval || tool.google_search_retrieval)) {
			return googleError(400, 'google_search_retrieval is not supported; please use google_search field instead.', 'INVALID_ARGUMENT');
		}
		if (tool && (tool.googleSearch || tool.google_search) && !model.capabilities.googleSearch) {
			return invalidArgument([{ field: `tools[${i}].google_search`, description: `Search Grounding is not supported for ${model.id}.` }]);
		}
	}
	return undefined;
}

/**
 * A model takes at most `maxInputImages` images per request. Counted: every non-thought inlineData/fileData image in
 * every content (user and model turns: the request carries them all) and the system instruction. Thought images are
 * the model's interim drafts, not input (a reading: Google does not say).
 */
function imageCountProblem(contents: readonly Json[], env: ValidationEnv): GoogleErrorBody | undefined {
	let images = 0;
	for (const content of contents) {
		for (const part of (content.parts ?? []) as Json[]) {
			if (part.thought === true) {
				continue;
			}
			const inline = part.inlineData ?? part.inline_data;
			const fileData = part.fileData ?? part.file_data;
			const mime = inline ? (inline.mimeType ?? inline.mime_type) : fileData ? env.fileDataMime(fileData) : undefined;
			if (typeof mime === 'string' && mime.toLowerCase().startsWith('image/')) {
				images++;
			}
		}
	}
	const max = env.model.capabilities.maxInputImages;
	return images > max
		? invalidArgument([{ field: 'contents', description: `${images} input images; ${env.model.id} accepts at most ${max} per request.` }])
		: undefined;
}
