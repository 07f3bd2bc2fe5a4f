import * as assert from 'assert';
import { ImageStudioError } from '../../src/core/errors';
import { decodeBase64Strict, DEFAULT_REPLY_LIMITS, parseImageResponse, WireResponse } from '../../src/gemini/responseParser';
import { renderFakeImage } from '../fake-gemini/images';

const JPEG = renderFakeImage('image/jpeg', 16, 8, 1);
const PNG = renderFakeImage('image/png', 8, 8, 2);

/** A 33-byte PNG head claiming `width`×`height`: what a hostile endpoint could send. */
function pngClaiming(width: number, height: number): Buffer {
	const head = Buffer.alloc(33);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(head);
	head.writeUInt32BE(width, 16);
	head.writeUInt32BE(height, 20);
	return head;
}

function reply(parts: unknown[], finishReason = 'STOP'): WireResponse {
	return {
		candidates: [{ content: { role: 'model', parts: parts as never }, finishReason }],
		usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1120, totalTokenCount: 1130 },
	};
}

function expectError(response: unknown, code: string, pattern: RegExp): void {
	assert.throws(
		() => parseImageResponse(response as WireResponse),
		(error: unknown) => error instanceof ImageStudioError && error.code === code && pattern.test(error.message),
	);
}

describe('response parsing', () => {
	it('takes non-thought images, types them by content and keeps text and signatures', () => {
		const parsed = parseImageResponse(
			reply([
				{ text: 'thinking…', thought: true },
				{ inlineData: { mimeType: 'image/png', data: PNG.toString('base64') }, thought: true },
				{ text: 'Here it is.' },
				{ inlineData: { mimeType: 'image/png', data: JPEG.toString('base64') }, thoughtSignature: 'c2ln' },
			]),
		);
		assert.strictEqual(parsed.images.length, 1);
		assert.strictEqual(parsed.images[0].mimeType, 'image/jpeg', 'typed by bytes, not by the declared MIME type');
		assert.strictEqual(parsed.images[0].extension, 'jpg');
		assert.deepStrictEqual(Buffer.from(parsed.images[0].bytes), JPEG);
		assert.strictEqual(parsed.images[0].thoughtSignature, 'c2ln');
		assert.strictEqual(parsed.text, 'Here it is.');
		assert.strictEqual(parsed.thoughts, 'thinking…');
		assert.strictEqual(parsed.thoughtImageCount, 1);
		assert.strictEqual(parsed.usage.outputTokens, 1120);
		assert.strictEqual(parsed.modelParts.length, 4);
	});

	it('bounds a reply: parts, images kept, and pixels claimed by a header', () => {
		const image = { inlineData: { mimeType: 'image/jpeg', data: JPEG.toString('base64') } };
		expectError(reply([image, ...Array.from({ length: 5000 }, () => ({ text: 'junk' }))]), 'badResponse', /unusually large reply \(5001 parts; at most 64/);
		const many = parseImageResponse(reply(Array.from({ length: 12 }, () => image)));
		assert.strictEqual(many.images.length, DEFAULT_REPLY_LIMITS.maxImages);
		assert.strictEqual(many.leftOutImages, 2);
		const huge = { inlineData: { mimeType: 'image/png', data: pngClaiming(100_000, 100_000).toString('base64') } };
		expectError(reply([huge]), 'badResponse', /100000×100000 pixels, more than the 64 million/);
		// An image whose header cannot be read is not kept; with a good one beside it, the good one is.
		const headless = {
			inlineData: { mimeType: 'image/jpeg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3, 4, 0xff, 0xd9]).toString('base64') },
		};
		const mixed = parseImageResponse(reply([headless, image]));
		assert.strictEqual(mixed.images.length, 1);
		assert.strictEqual(mixed.leftOutImages, 1);
		assert.deepStrictEqual(mixed.leftOutParts, [{ index: 0, reason: 'unreadable' }], 'which part, so that a chat neither stores nor replays it');
		assert.deepStrictEqual(
			many.leftOutParts,
			[10, 11].map((index) => ({ index, reason: 'limit' })),
		);
		expectError(reply([headless]), 'badResponse', /not a valid PNG, JPEG or WebP/);
	});

	it('explains a blocked prompt with its reason', () => {
		expectError(
			{ promptFeedback: { blockReason: 'PROHIBITED_CONTENT', blockReasonMessage: 'Policy 7.' } },
			'promptBlocked',
			/blocked the prompt.*PROHIBITED_CONTENT.*Policy 7\./,
		);
	});

	it('explains every image finish reason', () => {
		expectError(reply([], 'IMAGE_SAFETY'), 'imageBlocked', /IMAGE_SAFETY/);
		expectError({ candidates: [{ content: {}, finishReason: 'PROHIBITED_CONTENT' }] }, 'imageBlocked', /PROHIBITED_CONTENT/);
		expectError({ candidates: [{ content: {}, finishReason: 'NO_IMAGE' }] }, 'noImage', /NO_IMAGE/);
		expectError(reply([{ text: 'I cannot draw that.' }], 'IMAGE_OTHER'), 'noImage', /IMAGE_OTHER.*I cannot draw that/);
		expectError(reply([], 'RECITATION'), 'imageBlocked', /RECITATION/);
		// About the history sent: the studio offers to continue from an earlier turn rather than a Retry that cannot help.
		expectError(reply([], 'MISSING_THOUGHT_SIGNATURE'), 'invalidHistory', /MISSING_THOUGHT_SIGNATURE.*Continue from an earlier turn/);
	});

	it('treats text only, no candidates and an empty object as errors, never as images', () => {
		expectError(reply([{ text: 'Sure! Imagine a fox.' }]), 'noImage', /text but no image: "Sure! Imagine a fox\."/);
		expectError({}, 'noImage', /no result/);
		expectError({ candidates: [] }, 'noImage', /no result/);
		expectError(null, 'badResponse', /empty reply/);
	});

	it('refuses corrupt base64 and non-image bytes', () => {
		expectError(reply([{ inlineData: { mimeType: 'image/png', data: '!!!not base64!!!' } }]), 'badResponse', /not a valid PNG, JPEG or WebP/);
		expectError(reply([{ inlineData: { mimeType: 'image/png', data: Buffer.from('<html>').toString('base64') } }]), 'badResponse', /not a valid/);
		assert.strictEqual(Buffer.from(decodeBase64Strict('aGk=')!).toString(), 'hi');
		assert.strictEqual(Buffer.from(decodeBase64Strict('aG k=\n')!).toString(), 'hi', 'line breaks are allowed');
		assert.strictEqual(decodeBase64Strict('a'), undefined);
		assert.strictEqual(decodeBase64Strict(''), undefined);
	});
});
