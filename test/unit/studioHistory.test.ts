// Over 400 lines: every documented history shape and the property test share the same conversation builders.
// The studio's history shapes (src/studio/historyBuilder.ts), as Google documents them: the model's own turns
// verbatim; images left out oldest first past the byte budget or the model's image limit, each replaced by a note
// (with the skip placeholder in a model turn, nothing in a user turn); another model's turns with the placeholder on
// every part and no thoughts. Ends with a property over generated conversations: no signature ever appears on a part
// other than the one it came with.
import * as assert from 'assert';
import {
	buildContents,
	EMPTY_FOREIGN_REPLY_TEXT,
	foreignModels,
	LEFT_OUT_IMAGE_TEXT,
	leftOutNotice,
	NO_HISTORY_LIMITS,
	planHistory,
	SKIP_SIGNATURE_VALIDATION,
} from '../../src/studio/historyBuilder';
import { continueSession, createSession, isReplayable, StoredImageRef, StoredPart, StudioSession, StudioTurn, WireContent } from '../../src/studio/session';

const SKIP = SKIP_SIGNATURE_VALIDATION;
const MODEL = 'gemini-3-pro-image';
const OTHER = 'gemini-nano-banana-2.1';

/** Image bytes that identify their file: the name, then filler up to `size`. */
function imageBytes(file: string, size: number): Uint8Array {
	const bytes = new Uint8Array(size);
	const name = Buffer.from(file);
	for (let index = 0; index < size; index++) {
		bytes[index] = index < name.length ? name[index] : (index * 31 + name.length) & 0xff;
	}
	return bytes;
}

class Images {
	readonly files = new Map<string, Uint8Array>();
	add(file: string, size: number): StoredImageRef {
		this.files.set(file, imageBytes(file, size));
		return { file, mimeType: file.endsWith('.png') ? 'image/png' : 'image/jpeg' };
	}
	readonly read = (file: string): Uint8Array => {
		const bytes = this.files.get(file);
		assert.ok(bytes, `the builder read ${file}, which exists`);
		return bytes;
	};
	base64(file: string): string {
		return Buffer.from(this.read(file)).toString('base64');
	}
}

/** A stored part in its wire form: what verbatim replay must send. */
function wireForm(part: StoredPart, images: Images): Record<string, unknown> {
	const { inlineFile, ...rest } = part;
	return inlineFile ? { ...rest, inlineData: { mimeType: inlineFile.mimeType, data: images.base64(inlineFile.file) } } : { ...rest };
}

/** A Gemini 3 image turn as stored: thought text, a thought image, signed text, a signed final image (and a future field). */
function imageTurn(
	id: string,
	model: string,
	images: Images,
	options: { attachments?: number; imageSize?: number; thoughtImageSigned?: boolean } = {},
): StudioTurn {
	const size = options.imageSize ?? 300;
	const attachments = Array.from({ length: options.attachments ?? 0 }, (_, index) => images.add(`${id}-a${index}.png`, size));
	return {
		id,
		model,
		prompt: `prompt ${id}`,
		attachments,
		response: [
			{ text: `thinking about ${id}`, thought: true },
			{
				inlineFile: images.add(`${id}-p1.jpg`, Math.round(size / 4)),
				thought: true,
				...(options.thoughtImageSigned ? { thoughtSignature: `sig-${id}-1` } : {}),
			},
			{ text: `Here is ${id}.`, thoughtSignature: `sig-${id}-2` },
			{ inlineFile: images.add(`${id}-p3.jpg`, size), thoughtSignature: `sig-${id}-3`, futureField: { kept: id } },
		],
		createdAt: 'now',
	};
}

function session(turns: StudioTurn[]): StudioSession {
	const result = createSession('s1', MODEL);
	result.turns.push(...turns);
	return result;
}

const note = (thought = false): Record<string, unknown> => ({ ...(thought ? { thought: true } : {}), text: LEFT_OUT_IMAGE_TEXT, thoughtSignature: SKIP });
const userNote = { text: LEFT_OUT_IMAGE_TEXT };

function jsonBytes(contents: WireContent[]): number {
	return Buffer.byteLength(JSON.stringify(contents), 'utf8');
}

function inlineCount(contents: WireContent[]): number {
	return contents.flatMap((content) => content.parts).filter((part) => part.inlineData !== undefined).length;
}

describe('studio history shapes', () => {
	it("replays the model's own turns verbatim: every part, in order, with its own signature, thoughts included", () => {
		const images = new Images();
		const conversation = session([imageTurn('t1', MODEL, images, { attachments: 1 }), imageTurn('t2', MODEL, images, { thoughtImageSigned: true })]);
		const next = { prompt: 'next', attachments: [images.add('t3-a0.png', 50)], model: MODEL };
		const contents = buildContents(conversation, next, images.read);
		assert.deepStrictEqual(contents, [
			{ role: 'user', parts: [{ text: 'prompt t1' }, { inlineData: { mimeType: 'image/png', data: images.base64('t1-a0.png') } }] },
			{ role: 'model', parts: conversation.turns[0].response!.map((part) => wireForm(part, images)) },
			{ role: 'user', parts: [{ text: 'prompt t2' }] },
			{ role: 'model', parts: conversation.turns[1].response!.map((part) => wireForm(part, images)) },
			{ role: 'user', parts: [{ text: 'next' }, { inlineData: { mimeType: 'image/png', data: images.base64('t3-a0.png') } }] },
		]);
		// A budget it fits in changes nothing; the plan's byte count is the JSON's.
		const plan = planHistory(
			conversation,
			next,
			{ maxBytes: jsonBytes(contents), maxImages: inlineCount(contents) },
			(file) => images.read(file).byteLength,
		);
		assert.deepStrictEqual(plan.contents(images.read), contents);
		assert.strictEqual(plan.bytes, jsonBytes(contents));
		assert.deepStrictEqual(plan.leftOut, { imageLimit: 0, size: 0 });
		assert.strictEqual(plan.overLimit, undefined);
	});

	it('continued after Gemini refused its signatures: the copied turns replay with the placeholder on every part, no thoughts', () => {
		const images = new Images();
		const original = session([imageTurn('t1', MODEL, images), imageTurn('t2', MODEL, images)]);
		original.turns.push({
			id: 't3',
			model: MODEL,
			prompt: 'refused',
			attachments: [],
			error: 'history refused',
			errorCode: 'invalidHistory',
			createdAt: 'now',
		});
		const plain = continueSession(original, 't2', 'copy-1')!;
		assert.deepStrictEqual(
			buildContents(plain.session, { prompt: 'next', model: MODEL }, images.read)[1].parts[2],
			{ text: 'Here is t1.', thoughtSignature: 'sig-t1-2' },
			'a plain continue keeps the signatures',
		);
		const reset = continueSession(original, 't2', 'copy-2', new Date(), { withoutSignatures: true })!;
		const contents = buildContents(reset.session, { prompt: 'next', model: MODEL }, images.read);
		const modelParts = contents.filter((content) => content.role === 'model').flatMap((content) => content.parts);
		assert.ok(modelParts.length > 0);
		assert.ok(
			modelParts.every((part) => part.thoughtSignature === SKIP && part.thought !== true),
			JSON.stringify(modelParts.map((part) => Object.keys(part))),
		);
		assert.deepStrictEqual(foreignModels(reset.session, MODEL), [], 'not announced as a model switch');
	});

	it('leaves failed, pending and empty turns out', () => {
		const conversation = session([
			{ id: 't1', model: MODEL, prompt: 'blocked', attachments: [], error: 'Gemini blocked the prompt', createdAt: 'now' },
			{ id: 't2', model: MODEL, prompt: 'pending', attachments: [], createdAt: 'now' },
			{ id: 't3', model: MODEL, prompt: 'empty', attachments: [], response: [], createdAt: 'now' },
			{ id: 't4', model: MODEL, prompt: 'ok', attachments: [], response: [{ text: 'hi', thoughtSignature: 'sig' }], createdAt: 'now' },
		]);
		assert.deepStrictEqual(
			buildContents(conversation, { prompt: 'next', model: MODEL }, () => new Uint8Array()),
			[
				{ role: 'user', parts: [{ text: 'ok' }] },
				{ role: 'model', parts: [{ text: 'hi', thoughtSignature: 'sig' }] },
				{ role: 'user', parts: [{ text: 'next' }] },
			],
		);
	});

	it('past the byte budget leaves out the oldest images first: a signed note in model turns, a plain one in user turns', () => {
		const images = new Images();
		const conversation = session([
			imageTurn('t1', MODEL, images, { attachments: 1, imageSize: 3000 }),
			imageTurn('t2', MODEL, images, { attachments: 1, imageSize: 3000 }),
		]);
		const next = { prompt: 'next', model: MODEL };
		const full = buildContents(conversation, next, images.read);
		// In order of appearance: t1-a0 (4000 base64 chars), t1-p1 (1000), t1-p3 (4000), t2-a0, t2-p1, t2-p3.
		// A budget 5,000 bytes under the full size: the first two images (~5,000 base64 chars) are not enough, three are.
		const budget = jsonBytes(full) - 5_000;
		const plan = planHistory(conversation, next, { maxBytes: budget, maxImages: 99 }, (file) => images.read(file).byteLength);
		const contents = plan.contents(images.read);
		assert.deepStrictEqual(plan.leftOut, { imageLimit: 0, size: 3 });
		assert.ok(plan.bytes <= budget, `${plan.bytes} <= ${budget}`);
		assert.strictEqual(plan.bytes, jsonBytes(contents), 'the plan counts the JSON bytes exactly');
		assert.deepStrictEqual(contents[0].parts, [{ text: 'prompt t1' }, userNote], 'the attachment: a note without a signature');
		const t1 = conversation.turns[0].response!;
		assert.deepStrictEqual(
			contents[1].parts,
			[wireForm(t1[0], images), note(true), wireForm(t1[2], images), note()],
			"t1's images: notes with the placeholder, never t1's own signature",
		);
		assert.deepStrictEqual(contents[2], full[2], 'the newer turns are untouched');
		assert.deepStrictEqual(contents[3], full[3]);
		assert.deepStrictEqual(plan.filesToSend, ['t2-a0.png', 't2-p1.jpg', 't2-p3.jpg']);
		assert.match(
			leftOutNotice(plan, { displayName: 'Nano Banana Pro', maxInputImages: 14 }, 20)!,
			/^3 earlier images were left out to keep the request under 20 MB/,
		);
	});

	it("a model with a small image limit (Lite: 3) gets the newest images only, counting the new turn's attachments", () => {
		const images = new Images();
		const conversation = session([imageTurn('t1', MODEL, images, { attachments: 1 }), imageTurn('t2', MODEL, images)]);
		const next = { prompt: 'next', attachments: [images.add('t3-a0.png', 40)], model: MODEL };
		const plan = planHistory(conversation, next, { maxBytes: Number.POSITIVE_INFINITY, maxImages: 3 }, (file) => images.read(file).byteLength);
		const contents = plan.contents(images.read);
		assert.deepStrictEqual(plan.leftOut, { imageLimit: 3, size: 0 });
		assert.strictEqual(inlineCount(contents), 3);
		assert.deepStrictEqual(contents[0].parts, [{ text: 'prompt t1' }, userNote]);
		assert.deepStrictEqual(
			contents[1].parts.map((part) => part.thoughtSignature),
			[undefined, SKIP, 'sig-t1-2', SKIP],
		);
		assert.deepStrictEqual(
			contents[3].parts,
			conversation.turns[1].response!.map((part) => wireForm(part, images)),
			't2 keeps both its images',
		);
		assert.deepStrictEqual(contents[4].parts[1], { inlineData: { mimeType: 'image/png', data: images.base64('t3-a0.png') } });
		assert.match(
			leftOutNotice(plan, { displayName: 'Nano Banana Lite', maxInputImages: 3 }, 20)!,
			/^Nano Banana Lite accepts at most 3 images per request, so 3 earlier images were left out/,
		);
		// Both limits at once: the notice names both.
		const both = planHistory(conversation, next, { maxBytes: plan.bytes - 10, maxImages: 3 }, (file) => images.read(file).byteLength);
		assert.deepStrictEqual(both.leftOut, { imageLimit: 3, size: 1 });
		assert.match(
			leftOutNotice(both, { displayName: 'Lite', maxInputImages: 3 }, 1)!,
			/so 3 earlier images were left out.*Also, 1 earlier image was left out to keep the request under 1 MB/,
		);
	});

	it("never leaves out the new turn's attachments: over a limit with them alone, the plan says so", () => {
		const images = new Images();
		const conversation = session([imageTurn('t1', MODEL, images)]);
		const attachments = [images.add('n0.png', 10), images.add('n1.png', 10)];
		const tooMany = planHistory(
			conversation,
			{ prompt: 'x', attachments, model: MODEL },
			{ maxBytes: Number.POSITIVE_INFINITY, maxImages: 1 },
			(file) => images.read(file).byteLength,
		);
		assert.strictEqual(tooMany.overLimit, 'imageLimit');
		assert.deepStrictEqual(tooMany.leftOut, { imageLimit: 2, size: 0 }, 'every earlier image went first');
		const big = [images.add('big.png', 20_000)];
		const tooLarge = planHistory(
			conversation,
			{ prompt: 'x', attachments: big, model: MODEL },
			{ maxBytes: 10_000, maxImages: 14 },
			(file) => images.read(file).byteLength,
		);
		assert.strictEqual(tooLarge.overLimit, 'size');
		assert.ok(
			tooLarge
				.contents(images.read)
				.at(-1)!
				.parts.some((part) => part.inlineData),
			'the attachment is still in the contents',
		);
	});

	it("another model's turns: the placeholder on every part (signed or not), no thought parts; own turns stay verbatim", () => {
		const images = new Images();
		const foreign = imageTurn('t1', OTHER, images, { attachments: 1 });
		(foreign.response as StoredPart[]).push({ text: 'an unsigned trailing remark' });
		const thoughtsOnly: StudioTurn = {
			id: 't2',
			model: OTHER,
			prompt: 'prompt t2',
			attachments: [],
			response: [{ text: 'only thinking', thought: true }],
			createdAt: 'now',
		};
		const own = imageTurn('t3', MODEL, images);
		const conversation = session([foreign, thoughtsOnly, own]);
		assert.deepStrictEqual(foreignModels(conversation, MODEL), [OTHER]);
		assert.deepStrictEqual(foreignModels(conversation, OTHER), [MODEL]);
		const contents = buildContents(conversation, { prompt: 'next', model: MODEL }, images.read);
		assert.deepStrictEqual(contents[1].parts, [
			{ text: 'Here is t1.', thoughtSignature: SKIP },
			{ inlineData: { mimeType: 'image/jpeg', data: images.base64('t1-p3.jpg') }, thoughtSignature: SKIP, futureField: { kept: 't1' } },
			{ text: 'an unsigned trailing remark', thoughtSignature: SKIP },
		]);
		assert.deepStrictEqual(contents[0].parts[1], { inlineData: { mimeType: 'image/png', data: images.base64('t1-a0.png') } }, 'its user turn is as it was');
		assert.deepStrictEqual(contents[3].parts, [{ text: EMPTY_FOREIGN_REPLY_TEXT, thoughtSignature: SKIP }], 'a turn of thoughts only is not left empty');
		assert.deepStrictEqual(
			contents[5].parts,
			own.response!.map((part) => wireForm(part, images)),
		);
		// Without a model nothing is foreign.
		assert.deepStrictEqual(
			buildContents(conversation, { prompt: 'next' }, images.read)[1].parts,
			foreign.response!.map((part) => wireForm(part, images)),
		);
		// A foreign image left out is a placeholder note too.
		const trimmed = planHistory(
			conversation,
			{ prompt: 'next', model: MODEL },
			{ maxBytes: Number.POSITIVE_INFINITY, maxImages: 2 },
			(file) => images.read(file).byteLength,
		).contents(images.read);
		assert.deepStrictEqual(trimmed[1].parts[1], note());
	});

	it('with no limits given, nothing is left out', () => {
		const images = new Images();
		const conversation = session(Array.from({ length: 12 }, (_, index) => imageTurn(`t${index + 1}`, MODEL, images, { attachments: 1, imageSize: 2000 })));
		const plan = planHistory(conversation, { prompt: 'x', model: MODEL }, NO_HISTORY_LIMITS, (file) => images.read(file).byteLength);
		assert.strictEqual(plan.imageCount, 36);
		assert.strictEqual(plan.filesToSend.length, 36);
	});
});

// ---------------------------------------------------------------------------------------------------------------
// The property: over generated conversations, budgets and image limits.
// ---------------------------------------------------------------------------------------------------------------

function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Generated {
	conversation: StudioSession;
	next: { prompt: string; attachments: StoredImageRef[]; model: string };
	images: Images;
}

/** A conversation as Gemini 3 answers: thoughts first, a signature on the first part after them and on every later image. */
function generate(seed: number): Generated {
	const rand = random(seed);
	const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)];
	const images = new Images();
	const models = [MODEL, OTHER];
	const conversation = createSession(`s${seed}`, MODEL);
	const turnCount = 1 + Math.floor(rand() * 8);
	for (let index = 0; index < turnCount; index++) {
		const id = `t${index + 1}`;
		const attachments = Array.from({ length: Math.floor(rand() * 3) }, (_, a) => images.add(`${id}-a${a}.png`, 1 + Math.floor(rand() * 3000)));
		if (rand() < 0.15) {
			conversation.turns.push({ id, model: pick(models), prompt: `failed ${id}`, attachments, error: 'quota', createdAt: 'now' });
			continue;
		}
		const response: StoredPart[] = [];
		let part = 0;
		if (rand() < 0.6) {
			response.push({ text: `thought ${id}`, thought: true });
			part++;
		}
		if (rand() < 0.5) {
			response.push({
				inlineFile: images.add(`${id}-p${part}.jpg`, 1 + Math.floor(rand() * 800)),
				thought: true,
				...(rand() < 0.3 ? { thoughtSignature: `sig-${id}-${part}` } : {}),
			});
			part++;
		}
		const answers = 1 + Math.floor(rand() * 3);
		for (let answer = 0; answer < answers; answer++, part++) {
			const image = rand() < 0.6;
			const signed = answer === 0 || image || rand() < 0.3;
			const signature = signed ? { thoughtSignature: `sig-${id}-${part}` } : {};
			const extra = rand() < 0.2 ? { futureField: { part } } : {};
			response.push(
				image
					? { inlineFile: images.add(`${id}-p${part}.jpg`, 1 + Math.floor(rand() * 4000)), ...signature, ...extra }
					: { text: `answer ${id} ${part}`, ...signature, ...extra },
			);
		}
		conversation.turns.push({ id, model: pick(models), prompt: `prompt ${id}`, attachments, response, createdAt: 'now' });
	}
	const next = {
		prompt: 'the next turn',
		attachments: Array.from({ length: Math.floor(rand() * 2) }, (_, a) => images.add(`next-a${a}.png`, 1 + Math.floor(rand() * 500))),
		model: pick(models),
	};
	return { conversation, next, images };
}

describe('studio history: property over generated conversations', () => {
	it('every signature stays on the part it came with; notes carry the placeholder in model turns only; oldest images go first; limits hold', () => {
		let trimmedCases = 0;
		let foreignCases = 0;
		for (let seed = 1; seed <= 400; seed++) {
			const { conversation, next, images } = generate(seed);
			const rand = random(seed * 7919);
			const full = buildContents(conversation, next, images.read);
			const limits = {
				maxBytes: rand() < 0.2 ? Number.POSITIVE_INFINITY : Math.floor(jsonBytes(full) * (0.2 + rand())),
				maxImages: rand() < 0.3 ? Number.POSITIVE_INFINITY : 1 + Math.floor(rand() * 10),
			};
			const plan = planHistory(conversation, next, limits, (file) => images.read(file).byteLength);
			const contents = plan.contents(images.read);
			const where = `seed ${seed}`;
			const replayable = conversation.turns.filter(isReplayable);
			assert.strictEqual(contents.length, replayable.length * 2 + 1, where);

			// Where each stored signature came from.
			const signedIn = new Map<string, { turn: StudioTurn; part: StoredPart }>();
			for (const turn of replayable) {
				for (const part of turn.response!) {
					if (part.thoughtSignature) {
						signedIn.set(part.thoughtSignature, { turn, part });
					}
				}
			}

			const imageOrder: boolean[] = []; // Earlier images in order of appearance: true = left out.
			replayable.forEach((turn, index) => {
				const user = contents[index * 2];
				const model = contents[index * 2 + 1];
				assert.strictEqual(user.role, 'user', where);
				assert.strictEqual(model.role, 'model', where);
				// User turns: never a signature; each attachment is its image or a plain note.
				assert.ok(
					user.parts.every((part) => part.thoughtSignature === undefined),
					`${where}: no signature in a user turn`,
				);
				assert.deepStrictEqual(user.parts[0], { text: turn.prompt }, where);
				turn.attachments.forEach((attachment, a) => {
					const sent = user.parts[a + 1];
					const leftOut = sent.inlineData === undefined;
					imageOrder.push(leftOut);
					assert.deepStrictEqual(
						sent,
						leftOut ? userNote : { inlineData: { mimeType: attachment.mimeType, data: images.base64(attachment.file) } },
						where,
					);
				});

				// Every real signature sent is the one its stored part carried, on that same part (same turn, kind and
				// content), in a turn of the model it is sent to.
				for (const part of model.parts) {
					const signature = part.thoughtSignature as string | undefined;
					if (signature === undefined || signature === SKIP) {
						continue;
					}
					const origin = signedIn.get(signature);
					assert.ok(origin, `${where}: ${signature} was issued`);
					assert.strictEqual(origin.turn, turn, `${where}: ${signature} is in the turn it came with`);
					assert.strictEqual(turn.model, next.model, `${where}: ${signature} goes only to the model that issued it`);
					assert.deepStrictEqual(part, wireForm(origin.part, images), `${where}: ${signature} is on its own part, unchanged`);
				}

				if (turn.model === next.model) {
					// Own turn: part for part, each verbatim or (an image) a note with the placeholder and its thought flag.
					assert.strictEqual(model.parts.length, turn.response!.length, where);
					turn.response!.forEach((stored, p) => {
						const sent = model.parts[p];
						if (stored.inlineFile) {
							const leftOut = sent.inlineData === undefined;
							imageOrder.push(leftOut);
							assert.deepStrictEqual(sent, leftOut ? note(stored.thought === true) : wireForm(stored, images), where);
						} else {
							assert.deepStrictEqual(sent, wireForm(stored, images), where);
						}
					});
				} else {
					foreignCases++;
					// Another model's turn: no thoughts, the placeholder on every part.
					assert.ok(
						model.parts.every((part) => part.thought !== true),
						`${where}: no thought parts of another model`,
					);
					assert.ok(
						model.parts.every((part) => part.thoughtSignature === SKIP),
						`${where}: the placeholder on every part of another model's turn`,
					);
					const kept = turn.response!.filter((part) => part.thought !== true);
					if (kept.length === 0) {
						assert.deepStrictEqual(model.parts, [{ text: EMPTY_FOREIGN_REPLY_TEXT, thoughtSignature: SKIP }], where);
					} else {
						assert.strictEqual(model.parts.length, kept.length, where);
						kept.forEach((stored, p) => {
							const sent = model.parts[p];
							if (stored.inlineFile) {
								const leftOut = sent.inlineData === undefined;
								imageOrder.push(leftOut);
								assert.deepStrictEqual(sent, leftOut ? note() : { ...wireForm(stored, images), thoughtSignature: SKIP }, where);
							} else {
								assert.deepStrictEqual(sent, { ...wireForm(stored, images), thoughtSignature: SKIP }, where);
							}
						});
					}
				}
			});

			// The new turn: its attachments always go.
			assert.deepStrictEqual(contents.at(-1), {
				role: 'user',
				parts: [
					{ text: next.prompt },
					...next.attachments.map((attachment) => ({ inlineData: { mimeType: attachment.mimeType, data: images.base64(attachment.file) } })),
				],
			});

			// Oldest first: the left-out images are a prefix of the earlier ones.
			const firstKept = imageOrder.indexOf(false);
			assert.ok(firstKept < 0 || imageOrder.slice(firstKept).every((leftOut) => !leftOut), `${where}: oldest left out first (${imageOrder.join(',')})`);
			const leftOutCount = imageOrder.filter(Boolean).length;
			assert.strictEqual(plan.leftOut.imageLimit + plan.leftOut.size, leftOutCount, where);
			trimmedCases += leftOutCount > 0 ? 1 : 0;

			// The plan's figures are the request's, and within the limits unless the new turn alone is over them.
			assert.strictEqual(plan.bytes, jsonBytes(contents), `${where}: exact JSON bytes`);
			assert.strictEqual(plan.imageCount, inlineCount(contents), where);
			if (plan.overLimit === undefined) {
				assert.ok(plan.bytes <= limits.maxBytes && plan.imageCount <= limits.maxImages, `${where}: within the limits`);
			} else {
				assert.ok(imageOrder.every(Boolean), `${where}: over a limit only once every earlier image is left out`);
			}
			// No more left out than needed: keeping the newest left-out image back would break a limit.
			if (leftOutCount > 0 && plan.overLimit === undefined) {
				const lastLeftOut = findLastLeftOut(conversation, next.model, contents, images);
				const grown = plan.bytes - Buffer.byteLength(JSON.stringify(lastLeftOut.note)) + Buffer.byteLength(JSON.stringify(lastLeftOut.image));
				assert.ok(plan.imageCount + 1 > limits.maxImages || grown > limits.maxBytes, `${where}: the last image left out had to go`);
			}
		}
		assert.ok(trimmedCases > 100, `enough cases left images out (${trimmedCases})`);
		assert.ok(foreignCases > 100, `enough foreign turns (${foreignCases})`);
	});
});

/** The newest left-out image of a request: its note as sent and the part it would have been. */
function findLastLeftOut(
	conversation: StudioSession,
	nextModel: string,
	contents: WireContent[],
	images: Images,
): { note: Record<string, unknown>; image: Record<string, unknown> } {
	let found: { note: Record<string, unknown>; image: Record<string, unknown> } | undefined;
	conversation.turns.filter(isReplayable).forEach((turn, index) => {
		const user = contents[index * 2];
		turn.attachments.forEach((attachment, a) => {
			if (user.parts[a + 1].inlineData === undefined) {
				found = { note: user.parts[a + 1], image: { inlineData: { mimeType: attachment.mimeType, data: images.base64(attachment.file) } } };
			}
		});
		const model = contents[index * 2 + 1];
		const own = turn.model === nextModel;
		const stored = own ? turn.response! : turn.response!.filter((part) => part.thought !== true);
		stored.forEach((part, p) => {
			if (part.inlineFile && model.parts[p]?.inlineData === undefined) {
				const image = wireForm(part, images);
				found = { note: model.parts[p], image: own ? image : { ...image, thoughtSignature: SKIP } };
			}
		});
	});
	assert.ok(found, 'a left-out image was found');
	return found;
}
