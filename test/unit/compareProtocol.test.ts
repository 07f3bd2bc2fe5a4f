import * as assert from 'assert';
import {
	COMPARE_ACTION_LABELS,
	COMPARE_ACTIONS,
	COMPARE_MODES,
	MAX_WEBVIEW_STRING_LENGTH,
	isCompareFromWebview,
	isCompareViewState,
} from '../../src/shared/protocol';

describe('compare view protocol', () => {
	describe('isCompareFromWebview', () => {
		it('accepts every well-formed message', () => {
			assert.ok(isCompareFromWebview({ type: 'ready' }));
			for (const action of COMPARE_ACTIONS) {
				assert.ok(isCompareFromWebview({ type: 'action', action }), action);
			}
			for (const mode of COMPARE_MODES) {
				assert.ok(isCompareFromWebview({ type: 'modeChanged', mode }), mode);
			}
		});

		it('rejects values that are not message objects', () => {
			for (const value of [undefined, null, 0, 1, true, 'ready', '{"type":"ready"}', [], [{ type: 'ready' }], () => undefined, Symbol('ready')]) {
				assert.strictEqual(isCompareFromWebview(value), false, String(typeof value === 'symbol' ? 'symbol' : JSON.stringify(value)));
			}
		});

		it('rejects unknown types, including near misses and prototype names', () => {
			for (const type of [
				'init',
				'Ready',
				'READY',
				' ready',
				'ready ',
				'actionStatus',
				'runCommand',
				'writeFile',
				'',
				'constructor',
				'__proto__',
				'toString',
			]) {
				assert.strictEqual(isCompareFromWebview({ type }), false, type);
			}
			assert.strictEqual(isCompareFromWebview({}), false);
			assert.strictEqual(isCompareFromWebview({ action: 'replace' }), false, 'no type');
		});

		it('rejects wrong field types and unknown values', () => {
			assert.strictEqual(isCompareFromWebview({ type: 1 }), false);
			assert.strictEqual(isCompareFromWebview({ type: ['ready'] }), false);
			assert.strictEqual(isCompareFromWebview({ type: { toString: () => 'ready' } }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action' }), false, 'missing action');
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: 'delete' }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: 'Replace' }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: 0 }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: null }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: ['replace'] }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'modeChanged' }), false, 'missing mode');
			assert.strictEqual(isCompareFromWebview({ type: 'modeChanged', mode: 'overlay' }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'modeChanged', mode: 2 }), false);
		});

		it('rejects a 50 MB string without trouble', () => {
			const huge = 'x'.repeat(50 * 1024 * 1024);
			const started = Date.now();
			assert.strictEqual(isCompareFromWebview({ type: huge }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: huge }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'modeChanged', mode: huge }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'ready', padding: huge }), false);
			assert.ok(Date.now() - started < 1000, 'validation does not scan the string');
		});

		it('rejects extra fields and extra nesting', () => {
			assert.strictEqual(isCompareFromWebview({ type: 'ready', extra: true }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: 'replace', uri: 'file:///etc/passwd' }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'action', action: { action: 'replace' } }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'modeChanged', mode: { mode: 'swipe' } }), false);
			assert.strictEqual(isCompareFromWebview({ type: 'ready', nested: { deeper: { type: 'ready' } } }), false);
			assert.strictEqual(isCompareFromWebview({ message: { type: 'ready' } }), false);
			assert.strictEqual(
				isCompareFromWebview(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')),
				false,
				'an own __proto__ key is an extra field',
			);
		});
	});

	describe('isCompareViewState', () => {
		const valid = {
			version: 1,
			title: 'a.png ↔ b.png',
			before: { uri: 'file:///work/a.png', label: 'a.png' },
			after: { uri: 'vscode-remote://host/work/b.png', label: 'b.png' },
		};

		it('accepts the state the webview persists', () => {
			assert.ok(isCompareViewState(valid));
			assert.ok(isCompareViewState(JSON.parse(JSON.stringify(valid))), 'after a JSON round trip');
		});

		it('rejects other versions, missing or wrong fields, image data and oversized strings', () => {
			assert.strictEqual(isCompareViewState(undefined), false);
			assert.strictEqual(isCompareViewState({ ...valid, version: 2 }), false);
			assert.strictEqual(isCompareViewState({ ...valid, version: '1' }), false);
			assert.strictEqual(isCompareViewState({ ...valid, title: 3 }), false);
			assert.strictEqual(isCompareViewState({ ...valid, before: undefined }), false);
			assert.strictEqual(isCompareViewState({ ...valid, before: 'file:///a.png' }), false);
			assert.strictEqual(isCompareViewState({ ...valid, after: { uri: '', label: 'b' } }), false);
			assert.strictEqual(isCompareViewState({ ...valid, after: { uri: 7, label: 'b' } }), false);
			assert.strictEqual(isCompareViewState({ ...valid, after: { ...valid.after, bytes: [1, 2, 3] } }), false, 'no image data in state');
			assert.strictEqual(isCompareViewState({ ...valid, mode: 'swipe' }), false);
			assert.strictEqual(isCompareViewState({ ...valid, title: 'x'.repeat(MAX_WEBVIEW_STRING_LENGTH + 1) }), false);
			assert.strictEqual(isCompareViewState({ ...valid, before: { uri: `file:///${'a'.repeat(50 * 1024 * 1024)}`, label: 'a' } }), false);
		});
	});

	it('labels every action with the agreed button text', () => {
		assert.deepStrictEqual(COMPARE_ACTION_LABELS, {
			replace: 'Replace Original',
			saveAsNew: 'Save as New File',
			discard: 'Discard',
			editAgain: 'Edit Again',
		});
	});
});
