import * as assert from 'assert';
import { parseOutputFolder } from '../../src/workspace/outputFolder';
import { isPathInside } from '../../src/core/paths';

describe('output folder', () => {
	it('splits a relative folder and uses the default when empty', () => {
		assert.deepStrictEqual(parseOutputFolder('assets/generated'), { ok: true, value: ['assets', 'generated'] });
		assert.deepStrictEqual(parseOutputFolder('assets\\img\\'), { ok: true, value: ['assets', 'img'] });
		assert.deepStrictEqual(parseOutputFolder(''), { ok: true, value: ['assets', 'generated'] });
		assert.deepStrictEqual(parseOutputFolder('./out/./x'), { ok: true, value: ['out', 'x'] });
	});

	it('refuses everything that leaves the workspace', () => {
		for (const bad of [
			'../x',
			'a/../../x',
			'/etc',
			'C:\\Windows',
			'c:/x',
			'\\\\server\\share',
			'~',
			'~/x',
			'file:///etc/passwd',
			'%2e%2e/x',
			'%252e%252e/x',
			'a\u0000b',
			'vscode-remote://h/x',
		]) {
			const result = parseOutputFolder(bad);
			assert.strictEqual(result.ok, false, bad);
			assert.match(!result.ok ? result.message : '', /imageStudio\.outputFolder/);
		}
	});

	it('refuses folders where writing could run code', () => {
		for (const bad of ['.vscode', '.VSCode/x', '.git/hooks', '.github/workflows', '.devcontainer']) {
			assert.strictEqual(parseOutputFolder(bad).ok, false, bad);
		}
		assert.ok(parseOutputFolder('.github/images').ok);
	});

	it('refuses Windows device names (also with an extension) and invisible or text-direction characters', () => {
		for (const bad of ['CON', 'assets/nul', 'assets/aux.txt', 'LPT1/x', 'assets/com3.images', 'a\u202eb', 'assets/\u200bhidden']) {
			const result = parseOutputFolder(bad);
			assert.strictEqual(result.ok, false, JSON.stringify(bad));
		}
		assert.match((parseOutputFolder('assets/aux.txt') as { message: string }).message, /"aux\.txt", a name Windows reserves/);
		assert.ok(parseOutputFolder('assets/console').ok);
		assert.ok(parseOutputFolder('assets/nullable').ok);
	});

	it('checks containment on whole segments', () => {
		assert.ok(isPathInside('/w/project', '/w/project/assets'));
		assert.ok(isPathInside('/w/project', '/w/project'));
		assert.ok(!isPathInside('/w/project', '/w/project-evil/x'));
		assert.ok(!isPathInside('/w/project', '/w'));
		assert.ok(isPathInside('C:\\W', 'c:\\w\\x', true));
	});
});
