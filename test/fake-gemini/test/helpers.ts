// Shared pieces of the fake's own tests: a fake per suite driven through the real @google/genai SDK, and Google's
// error body out of an ApiError.
import * as assert from 'node:assert/strict';
import { ApiError, GoogleGenAI } from '@google/genai';
import { FakeGemini, renderFakeImage } from '../server';

/** The `error` object of a Google error body, with the HTTP status the SDK saw. */
export interface GoogleErrorSeen {
	httpStatus: number;
	code: number;
	status: string;
	message: string;
	details?: any[];
}

export function apiError(err: unknown): GoogleErrorSeen {
	assert.ok(err instanceof ApiError, `expected ApiError, got ${String(err)}`);
	return { httpStatus: err.status, ...JSON.parse(err.message).error };
}

export async function rejects(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	throw new Error('expected a rejection');
}

/** The Google error a call is rejected with. */
export async function rejection(p: Promise<unknown>): Promise<GoogleErrorSeen> {
	return apiError(await rejects(p));
}

/** The fieldViolations descriptions of a BadRequest detail, joined. */
export function violations(e: GoogleErrorSeen): string {
	return (e.details ?? [])
		.flatMap((d: any) => d.fieldViolations ?? [])
		.map((v: any) => `${v.field ?? ''}: ${v.description}`)
		.join('\n');
}

/** Asserts Google's generic 400 with a BadRequest detail matching `detail`. */
export function assertInvalidArgument(e: GoogleErrorSeen, detail: RegExp): void {
	assert.equal(e.httpStatus, 400);
	assert.equal(e.code, 400);
	assert.equal(e.status, 'INVALID_ARGUMENT');
	assert.equal(e.message, 'Request contains an invalid argument.');
	assert.match(violations(e), detail);
}

/** A small real PNG (base64), different per seed. */
export function pngBase64(seed = 1): string {
	return renderFakeImage('image/png', 32, 32, seed).toString('base64');
}

/**
 * Starts a fake for the enclosing `describe` and resets it before each test; `ai` talks to it with key `test-key`.
 */
export function useFake(): { fake: FakeGemini; ai: () => GoogleGenAI; baseUrl: () => string } {
	const fake = new FakeGemini();
	let client: GoogleGenAI | undefined;
	let url = '';
	before(async () => {
		url = await fake.start();
		client = new GoogleGenAI({ apiKey: 'test-key', apiVersion: 'v1beta', httpOptions: { baseUrl: url } });
	});
	after(() => fake.stop());
	beforeEach(() => fake.reset());
	return {
		fake,
		ai: () => {
			assert.ok(client, 'the fake is not started');
			return client;
		},
		baseUrl: () => url,
	};
}
