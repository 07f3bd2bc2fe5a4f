// Stray temps: only our exact temp names, only regular files, only old ones; links are neither removed nor followed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isTemporaryName, removeStaleTemporaries, STALE_TEMPORARY_AGE_MS } from '../../src/workspace/staleTemporaries';

const SESSION = { prefix: '.session.json.', suffix: '.tmp' };
const INDEX = { prefix: '.sessions-index.json.', suffix: '.tmp' };
const OUTPUT = { prefix: '.image-studio-', suffix: '.partial' };

describe('stale temporary files', () => {
	let root: string;
	const old = (file: string) => {
		const when = new Date(Date.now() - 2 * STALE_TEMPORARY_AGE_MS);
		fs.utimesSync(file, when, when);
	};
	const write = (relative: string, stale: boolean) => {
		const file = path.join(root, relative);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, relative);
		if (stale) {
			old(file);
		}
		return file;
	};

	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-temps-'));
	});
	afterEach(() => {
		fs.rmSync(root, { recursive: true, force: true });
	});

	it('recognises exactly the names temporarySibling makes', () => {
		assert.ok(isTemporaryName('.session.json.0123456789ab.tmp', [SESSION]));
		assert.ok(isTemporaryName('.image-studio-a1b2c3d4e5f6.partial', [OUTPUT]));
		for (const name of [
			'.session.json.tmp',
			'.session.json.backup.tmp',
			'.session.json.0123456789ab.tmp.txt',
			'x.session.json.0123456789ab.tmp',
			'.session.json.0123456789AB.tmp',
			'.image-studio-notes.partial',
			'.image-studio-0123456789abc.partial',
		]) {
			assert.ok(!isTemporaryName(name, [SESSION, INDEX, OUTPUT]), name);
		}
	});

	it('removes a stale temp of each store and keeps fresh temps, user files, folders and links', async () => {
		const staleIndex = write('.sessions-index.json.00112233aabb.tmp', true);
		const staleSession = write('20260101000000-deadbeef/.session.json.0123456789ab.tmp', true);
		const fresh = write('20260101000000-deadbeef/.session.json.ffffffffffff.tmp', false);
		const user = write('20260101000000-deadbeef/.session.json.my-notes.tmp', true);
		const session = write('20260101000000-deadbeef/session.json', true);
		const deep = write('a/b/.session.json.0123456789ab.tmp', true);
		const folderNamedLikeATemp = path.join(root, '.session.json.abcdefabcdef.tmp');
		fs.mkdirSync(folderNamedLikeATemp);
		// A link named like a temp, to an old file outside: neither the link nor its target is removed.
		const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-outside-'));
		const target = path.join(outside, '.session.json.0123456789ab.tmp');
		fs.writeFileSync(target, 'not ours');
		old(target);
		const link = path.join(root, '20260101000000-deadbeef', '.session.json.aaaaaaaaaaaa.tmp');
		fs.symlinkSync(target, link);
		// And a linked folder holding an old temp is not entered.
		fs.symlinkSync(outside, path.join(root, 'linked-folder'), 'dir');
		try {
			const removed = await removeStaleTemporaries(root, [SESSION, INDEX], { depth: 1 });
			assert.deepStrictEqual(removed.sort(), [staleIndex, staleSession].sort());
			for (const kept of [fresh, user, session, deep, folderNamedLikeATemp, target]) {
				assert.ok(fs.existsSync(kept), `${path.relative(root, kept)} is kept`);
			}
			assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is kept');
		} finally {
			fs.rmSync(outside, { recursive: true, force: true });
		}
	});

	it('the output folder pattern: a crash leftover goes, a save in progress stays', async () => {
		const stale = write('.image-studio-0123456789ab.partial', true);
		const inProgress = write('.image-studio-ba9876543210.partial', false);
		const user = write('.image-studio-draft.partial', true);
		assert.deepStrictEqual(await removeStaleTemporaries(root, [OUTPUT]), [stale]);
		assert.ok(fs.existsSync(inProgress) && fs.existsSync(user));
		assert.deepStrictEqual(await removeStaleTemporaries(path.join(root, 'missing'), [OUTPUT]), [], 'a missing folder is nothing to clean');
	});
});
