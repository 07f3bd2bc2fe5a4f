// Thought signatures as the fake issues and checks them (gemini-wire.md §9).
//
// Issuing follows the placement Google documents for image models (Gemini 3 guide,
// https://ai.google.dev/gemini-api/docs/gemini-3, and https://ai.google.dev/gemini-api/docs/thought-signatures):
// "Signatures are guaranteed on the first part after the thoughts of the response (text or inlineData) and on every
// subsequent inlineData part"; thought parts carry none. So a text part after the first part is unsigned.
//
// Checking takes the strictest documented reading ("return each signature exactly as received, on the part it came
// with; do not merge, split or move parts that carry one"): a signature is valid only for the model that issued it,
// on the same kind of part (text or image) with the same content, once per request, and a model turn holds the
// signatures of one response in the order they were issued. The two documented placeholders pass anywhere.
import { createHash } from 'node:crypto';
import { GoogleErrorBody, googleError } from './googleErrors';

type Json = any;

/**
 * Placeholder signatures Gemini documents for history it did not produce (e.g. turns from another model, or
 * hand-written history): they skip validation, so strict mode accepts them (exact match) on any part for any model.
 */
export const SKIP_SIGNATURE_VALUES: readonly string[] = ['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go'];

const DOCS = 'Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.';

/** What a signature this fake issued says: base64 of `sig:<requestId>:<partIndex>:<model>`. */
export function decodeFakeSignature(signature: string): { requestId: number; partIndex: number; model: string } | undefined {
	const m = /^sig:(\d+):(\d+):(.+)$/.exec(Buffer.from(signature, 'base64').toString());
	return m ? { requestId: Number(m[1]), partIndex: Number(m[2]), model: m[3] } : undefined;
}

type PartKind = 'text' | 'image' | 'other';

/** What the fake remembers of a signature it issued. */
interface IssuedSignature {
	model: string;
	/** The request whose response carried it. */
	responseId: number;
	/** Its rank among the signatures of that response (0-based). */
	order: number;
	kind: PartKind;
	/** sha256 of the part's text, or of the decoded image bytes. */
	contentHash: string;
}

/** `text`, `image` (inlineData/fileData) or `other` (function calls and the like). */
export function partKind(part: Json): PartKind {
	if (typeof part?.text === 'string') {
		return 'text';
	}
	return part?.inlineData || part?.inline_data || part?.fileData || part?.file_data ? 'image' : 'other';
}

/** Hash of what a part says: the text, the image bytes (base64 decoded, either alphabet), else its JSON. */
export function partContentHash(part: Json): string {
	const hash = createHash('sha256');
	const inline = part?.inlineData ?? part?.inline_data;
	if (typeof part?.text === 'string') {
		hash.update(`text:${part.text}`);
	} else if (inline && typeof inline.data === 'string') {
		hash.update('image:').update(Buffer.from(inline.data.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
	} else {
		const { thoughtSignature: _s, thought_signature: _t, thought: _u, ...rest } = part ?? {};
		hash.update(`other:${JSON.stringify(rest)}`);
	}
	return hash.digest('hex');
}

function signatureOf(part: Json): unknown {
	return part?.thoughtSignature ?? part?.thought_signature;
}

/** Every signature the fake issued, and the check of the signatures a request sends back. */
export class SignatureLedger {
	private readonly issued = new Map<string, IssuedSignature>();
	/** `model, kind, content hash` of parts issued with a signature → that signature. */
	private readonly signedContent = new Map<string, string>();

	/** The model a signature was issued for (undefined: not issued by this server). */
	modelOf(signature: string): string | undefined {
		return this.issued.get(signature)?.model;
	}

	/**
	 * Signs a response's parts where Google puts signatures: the first non-thought part, then every later non-thought
	 * inlineData part. Returns new part objects; remembers each signature with its model, kind and content.
	 */
	signResponse(requestId: number, model: string, parts: readonly Json[]): Json[] {
		const first = parts.findIndex((p) => p.thought !== true);
		let order = 0;
		return parts.map((part, index) => {
			const wanted = first >= 0 && index >= first && part.thought !== true && (index === first || part.inlineData);
			if (!wanted) {
				return part;
			}
			const signature = Buffer.from(`sig:${requestId}:${index}:${model}`).toString('base64');
			const kind = partKind(part);
			const contentHash = partContentHash(part);
			this.issued.set(signature, { model, responseId: requestId, order: order++, kind, contentHash });
			this.signedContent.set(`${model}\0${kind}\0${contentHash}`, signature);
			return { ...part, thoughtSignature: signature };
		});
	}

	/**
	 * The 400 for the first signature problem in the model turns of `contents` sent to `model`, or undefined.
	 * Positions in "content position N, part position M" are 1-based (as reported from the real API); "content at
	 * index N" is 0-based (the index into `contents`).
	 */
	check(contents: readonly Json[], model: string): GoogleErrorBody | undefined {
		const seen = new Set<string>();
		/** Highest `order` met so far per response. */
		const lastOrder = new Map<number, number>();
		for (const [i, content] of contents.entries()) {
			if (content?.role !== 'model' || !Array.isArray(content.parts)) {
				continue;
			}
			let responseOfContent: number | undefined;
			for (const [j, part] of (content.parts as Json[]).entries()) {
				const position = `in content position ${i + 1}, part position ${j + 1}`;
				const field = `contents[${i}].parts[${j}].thought_signature`;
				const signature = signatureOf(part);
				if (signature === undefined || signature === '') {
					const missing = this.missingProblem(part, model);
					if (missing) {
						return googleError(400, `${missing} is missing a thought_signature ${position}. ${DOCS}`, 'INVALID_ARGUMENT');
					}
					continue;
				}
				if (typeof signature === 'string' && SKIP_SIGNATURE_VALUES.includes(signature)) {
					continue;
				}
				const issued = typeof signature === 'string' ? this.issued.get(signature) : undefined;
				if (!issued) {
					return googleError(
						400,
						`Corrupted thought signature: the thought_signature ${position} was not issued by this server. ${DOCS}`,
						'INVALID_ARGUMENT',
					);
				}
				if (issued.model !== model) {
					return googleError(
						400,
						`Invalid thought signature: the thought_signature ${position} was issued by another model and is not valid for ${model}. Remove the earlier turns, or send 'skip_thought_signature_validator' as their thought_signature. ${DOCS}`,
						'INVALID_ARGUMENT',
					);
				}
				const invalid = (why: string): GoogleErrorBody =>
					googleError(
						400,
						`Unable to submit request because it has an invalid thought signature for content at index ${i}. ${DOCS}`,
						'INVALID_ARGUMENT',
						[{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: why }] }],
					);
				if (part.thought === true || partKind(part) !== issued.kind) {
					return invalid(
						`The signature was issued for a${issued.kind === 'image' ? 'n image' : issued.kind === 'text' ? ' text' : 'nother kind of'} part.`,
					);
				}
				if (partContentHash(part) !== issued.contentHash) {
					return invalid('The part differs from the one the signature was issued with.');
				}
				if (seen.has(signature as string)) {
					return invalid('The signature is used more than once in this request.');
				}
				seen.add(signature as string);
				if (responseOfContent !== undefined && responseOfContent !== issued.responseId) {
					return invalid('This model turn mixes signatures of different responses.');
				}
				responseOfContent = issued.responseId;
				if ((lastOrder.get(issued.responseId) ?? -1) >= issued.order) {
					return invalid('The signatures of a response are not in the order they were issued.');
				}
				lastOrder.set(issued.responseId, issued.order);
			}
		}
		return undefined;
	}

	/** What kind of part needs a signature it lacks ("Image part", "Text part"), or undefined when none is needed. */
	private missingProblem(part: Json, model: string): string | undefined {
		if (part?.thought === true) {
			return undefined;
		}
		if (part?.inlineData || part?.inline_data) {
			// Every final image of a signing model is signed (see the top of this file).
			return 'Image part';
		}
		const kind = partKind(part);
		if (this.signedContent.has(`${model}\0${kind}\0${partContentHash(part)}`)) {
			return kind === 'text' ? 'Text part' : 'Part';
		}
		return undefined;
	}
}
