import * as assert from 'assert';
import { MAX_STUDIO_PROMPT_LENGTH, isStudioFromWebview, isStudioViewState } from '../../src/shared/protocol';

describe('studio protocol', () => {
	describe('isStudioFromWebview', () => {
		it('accepts every well-formed message', () => {
			assert.ok(isStudioFromWebview({ type: 'ready' }));
			assert.ok(isStudioFromWebview({ type: 'cancel' }));
			assert.ok(isStudioFromWebview({ type: 'send', prompt: 'a red bicycle\non a beach', model: 'gemini-3.1-flash-image' }));
			assert.ok(isStudioFromWebview({ type: 'send', prompt: 'x'.repeat(MAX_STUDIO_PROMPT_LENGTH), model: 'gemini-3-pro-image' }));
			assert.ok(isStudioFromWebview({ type: 'modelChanged', model: 'gemini-3-pro-image' }));
			assert.ok(isStudioFromWebview({ type: 'saveImage', turnId: 't1-abc', imageId: 't1-abc-p2.jpg' }));
		});

		it('rejects wrong shapes, unknown types, extra fields and huge or empty strings', () => {
			const bad: unknown[] = [
				undefined,
				null,
				'ready',
				42,
				[],
				[{ type: 'ready' }],
				{},
				{ type: 'hello' },
				{ type: 'READY' },
				{ type: 'ready', extra: 1 },
				{ type: 'send', prompt: 'x' },
				{ type: 'send', model: 'gemini-3-pro-image' },
				{ type: 'send', prompt: '   ', model: 'gemini-3-pro-image' },
				{ type: 'send', prompt: 'x'.repeat(MAX_STUDIO_PROMPT_LENGTH + 1), model: 'gemini-3-pro-image' },
				{ type: 'send', prompt: 'x'.repeat(50 * 1024 * 1024), model: 'gemini-3-pro-image' },
				{ type: 'send', prompt: 42, model: 'gemini-3-pro-image' },
				{ type: 'send', prompt: 'x', model: 'gemini 3 <script>' },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', apiKey: 'k' },
				{ type: 'modelChanged', model: '' },
				{ type: 'modelChanged', model: 'm'.repeat(500) },
				{ type: 'saveImage', turnId: 't1', imageId: '../../.vscode/settings.json' },
				{ type: 'saveImage', turnId: 't1', imageId: 'a/b.jpg' },
				{ type: 'saveImage', turnId: 't1' },
				{ type: 'saveImage', turnId: { id: 't1' }, imageId: 'a.jpg' },
			];
			for (const message of bad) {
				assert.strictEqual(isStudioFromWebview(message), false, JSON.stringify(message)?.slice(0, 120));
			}
		});
	});

	describe('isStudioViewState', () => {
		it('accepts only a version 1 session id', () => {
			assert.ok(isStudioViewState({ version: 1, sessionId: '20261125163000-0a1b2c3d' }));
			for (const bad of [undefined, {}, { version: 2, sessionId: 'a' }, { version: 1, sessionId: '../x' }, { version: 1, sessionId: 'a', turns: [] }, { version: 1 }]) {
				assert.strictEqual(isStudioViewState(bad), false, JSON.stringify(bad));
			}
		});
	});
});
