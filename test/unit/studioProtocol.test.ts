import * as assert from 'assert';
import { MAX_STUDIO_ATTACHMENT_BYTES, MAX_STUDIO_DROP_URIS, MAX_STUDIO_PROMPT_LENGTH, isStudioFromWebview, isStudioViewState } from '../../src/shared/protocol';

const OPTIONS = { output: 'textAndImage', googleSearch: false } as const;

describe('studio protocol', () => {
	describe('isStudioFromWebview', () => {
		it('accepts every well-formed message', () => {
			assert.ok(isStudioFromWebview({ type: 'ready' }));
			assert.ok(isStudioFromWebview({ type: 'cancel' }));
			assert.ok(isStudioFromWebview({ type: 'send', prompt: 'a red bicycle\non a beach', model: 'gemini-3.1-flash-image', options: OPTIONS }));
			assert.ok(
				isStudioFromWebview({
					type: 'send',
					prompt: 'x'.repeat(MAX_STUDIO_PROMPT_LENGTH),
					model: 'gemini-3-pro-image',
					options: { aspectRatio: '16:9', imageSize: '2K', output: 'imageOnly', googleSearch: true },
				}),
			);
			assert.ok(isStudioFromWebview({ type: 'modelChanged', model: 'gemini-3-pro-image' }));
			assert.ok(isStudioFromWebview({ type: 'optionsChanged', options: { aspectRatio: '1:8', output: 'textAndImage', googleSearch: false } }));
			for (const thinkingLevel of ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']) {
				assert.ok(
					isStudioFromWebview({ type: 'send', prompt: 'x', model: 'gemini-nano-banana-2.1', options: { ...OPTIONS, thinkingLevel } }),
					thinkingLevel,
				);
			}
			for (const action of ['save', 'insert', 'compare', 'useAsAttachment', 'copy']) {
				assert.ok(isStudioFromWebview({ type: 'imageAction', action, turnId: 't1-abc', imageId: 't1-abc-p2.jpg' }), action);
			}
			assert.ok(isStudioFromWebview({ type: 'retry', turnId: 't2-abc' }));
			assert.ok(isStudioFromWebview({ type: 'continueFrom', turnId: 't2-abc' }));
			assert.ok(isStudioFromWebview({ type: 'newSession' }));
			assert.ok(isStudioFromWebview({ type: 'openSession', sessionId: '20261125163000-0a1b2c3d' }));
			assert.ok(isStudioFromWebview({ type: 'deleteSession', sessionId: '20261125163000-0a1b2c3d' }));
			assert.ok(isStudioFromWebview({ type: 'renameSession', sessionId: '20261125163000-0a1b2c3d', title: 'Logo, dark mode' }));
			assert.ok(isStudioFromWebview({ type: 'attach' }));
			assert.ok(isStudioFromWebview({ type: 'attachBytes', name: 'pasted.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }));
			assert.ok(isStudioFromWebview({ type: 'attachUris', uris: ['file:///work/images/a.png', 'vscode-remote://x/b.jpg'] }));
			assert.ok(isStudioFromWebview({ type: 'removeAttachment', id: 'a3' }));
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
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: OPTIONS, apiKey: 'k' },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image' },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, aspectRatio: '16/9' } },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, imageSize: '1k' } },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, output: 'video' } },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, googleSearch: 'yes' } },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, tools: [] } },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, thinkingLevel: 'high' } },
				{ type: 'send', prompt: 'x', model: 'gemini-3-pro-image', options: { ...OPTIONS, thinkingLevel: 'EXTREME' } },
				{ type: 'optionsChanged', options: { ...OPTIONS, thinkingLevel: 2 } },
				{ type: 'optionsChanged', options: null },
				{ type: 'imageAction', action: 'delete', turnId: 't1', imageId: 'a.jpg' },
				{ type: 'imageAction', action: 'save', turnId: 't1', imageId: '../a.jpg' },
				{ type: 'imageAction', action: 'save', turnId: 't1' },
				{ type: 'retry' },
				{ type: 'retry', turnId: 't1', prompt: 'x' },
				{ type: 'continueFrom', turnId: 't/1' },
				{ type: 'newSession', sessionId: 'a' },
				{ type: 'openSession', sessionId: '../x' },
				{ type: 'deleteSession', sessionId: '' },
				{ type: 'renameSession', sessionId: 'a', title: '' },
				{ type: 'renameSession', sessionId: 'a', title: '   ' },
				{ type: 'renameSession', sessionId: 'a', title: 'x'.repeat(121) },
				{ type: 'renameSession', sessionId: 'a', title: 'x'.repeat(50 * 1024 * 1024) },
				{ type: 'modelChanged', model: '' },
				{ type: 'modelChanged', model: 'm'.repeat(500) },
				{ type: 'saveImage', turnId: 't1', imageId: 'a.jpg' },
				{ type: 'imageAction', action: 'save', turnId: 't1', imageId: '../../.vscode/settings.json' },
				{ type: 'imageAction', action: 'insert', turnId: 't1', imageId: 'a/b.jpg' },
				{ type: 'imageAction', action: 'copy', turnId: { id: 't1' }, imageId: 'a.jpg' },
				{ type: 'attach', uris: [] },
				{ type: 'attachBytes', name: 'a.png' },
				{ type: 'attachBytes', name: 'a.png', bytes: new Uint8Array(0) },
				{ type: 'attachBytes', name: 'a.png', bytes: new Uint8Array(MAX_STUDIO_ATTACHMENT_BYTES + 1) },
				{ type: 'attachBytes', name: 'a.png', bytes: 'iVBORw0KGgo=' },
				{ type: 'attachBytes', name: 'a.png', bytes: [137, 80, 78, 71] },
				{ type: 'attachBytes', name: 'x'.repeat(201), bytes: new Uint8Array(4) },
				{ type: 'attachBytes', name: 'a.png', bytes: new Uint8Array(4), mimeType: 'image/png' },
				{ type: 'attachUris', uris: [] },
				{ type: 'attachUris', uris: [''] },
				{ type: 'attachUris', uris: 'file:///a.png' },
				{ type: 'attachUris', uris: [42] },
				{ type: 'attachUris', uris: Array.from({ length: MAX_STUDIO_DROP_URIS + 1 }, (_, i) => `file:///a${i}.png`) },
				{ type: 'attachUris', uris: ['file:///' + 'a'.repeat(5000)] },
				{ type: 'removeAttachment', id: '../a1' },
				{ type: 'removeAttachment' },
			];
			for (const message of bad) {
				assert.strictEqual(
					isStudioFromWebview(message),
					false,
					JSON.stringify(message, (_key, v: unknown) => (v instanceof Uint8Array ? `Uint8Array(${v.byteLength})` : v))?.slice(0, 120),
				);
			}
		});
	});

	describe('isStudioViewState', () => {
		it('accepts only a version 1 session id', () => {
			assert.ok(isStudioViewState({ version: 1, sessionId: '20261125163000-0a1b2c3d' }));
			for (const bad of [
				undefined,
				{},
				{ version: 2, sessionId: 'a' },
				{ version: 1, sessionId: '../x' },
				{ version: 1, sessionId: 'a', turns: [] },
				{ version: 1 },
			]) {
				assert.strictEqual(isStudioViewState(bad), false, JSON.stringify(bad));
			}
		});
	});
});
