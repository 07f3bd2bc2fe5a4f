// Local saves: never overwrite, leave nothing on failure, remove only empty folders they made, and follow no link
// that appeared while a request ran.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { saveNewLocalFile } from '../../src/workspace/localFiles';

describe('local saves (Node file system)', () => {
	let root: string;
	let outside: string;
	beforeEach(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-ws-'));
		outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gis-outside-'));
	});
	afterEach(() => {
		fs.rmSync(root, { recursive: true, force: true });
		fs.rmSync(outside, { recursive: true, force: true });
	});
	const target = (relativePath: string) => ({ root, folder: path.join(root, ...relativePath.split('/')), relativePath });
	const bytes = (text: string) => new Uint8Array(Buffer.from(text));

	it('numbers names instead of overwriting and leaves no temporary file', async () => {
		const first = await saveNewLocalFile(target('assets'), 'logo', 'png', bytes('one'));
		const second = await saveNewLocalFile(target('assets'), 'logo', 'png', bytes('two'));
		assert.deepStrictEqual([path.basename(first), path.basename(second)], ['logo.png', 'logo-2.png']);
		assert.deepStrictEqual(fs.readdirSync(path.join(root, 'assets')).sort(), ['logo-2.png', 'logo.png']);
		assert.strictEqual(fs.readFileSync(first, 'utf8'), 'one');
	});

	it("a failed save into a new folder never removes another save's image there", async () => {
		let releaseFirst!: () => void;
		const firstMayFail = new Promise<void>((resolve) => (releaseFirst = resolve));
		// The first save creates assets/new/deep, then waits at its link while the second save completes into the same
		// folder; then the first fails. Before the fix its clean-up removed the whole folder it had created.
		const failing = saveNewLocalFile(target('assets/new/deep'), 'a', 'png', bytes('first'), {
			beforeLink: async () => {
				await firstMayFail;
				throw new Error('EIO: injected failure');
			},
		});
		await new Promise((resolve) => setTimeout(resolve, 20));
		const saved = await saveNewLocalFile(target('assets/new/deep'), 'b', 'png', bytes('second'));
		releaseFirst();
		await assert.rejects(failing, /Could not save the image in "assets\/new\/deep".*Nothing was written/);
		assert.ok(fs.existsSync(saved), "the other save's image survived");
		assert.strictEqual(fs.readFileSync(saved, 'utf8'), 'second');
		assert.deepStrictEqual(fs.readdirSync(path.dirname(saved)), ['b.png'], 'no temporary file of the failed save');
	});

	it('a failed save removes the folders it made while they are empty', async () => {
		await assert.rejects(
			saveNewLocalFile(target('x/y/z'), 'a', 'png', bytes('a'), {
				beforeLink: async () => {
					throw new Error('EIO');
				},
			}),
		);
		assert.deepStrictEqual(fs.readdirSync(root), []);
	});

	it('a folder replaced by a link out of the workspace while the request ran: refused, nothing written outside', async () => {
		fs.mkdirSync(path.join(root, 'assets'));
		const pending = saveNewLocalFile(target('assets'), 'hero', 'jpg', bytes('image'), {
			beforeLink: async () => {
				fs.renameSync(path.join(root, 'assets'), path.join(root, 'moved'));
				fs.symlinkSync(outside, path.join(root, 'assets'));
			},
		});
		await assert.rejects(pending, /leads outside the workspace through a symbolic link/);
		assert.deepStrictEqual(fs.readdirSync(outside), [], 'nothing written outside the workspace');
	});

	it('a folder replaced by a link into .git: refused', async () => {
		fs.mkdirSync(path.join(root, '.git', 'hooks'), { recursive: true });
		fs.mkdirSync(path.join(root, 'assets'));
		const pending = saveNewLocalFile(target('assets'), 'hero', 'jpg', bytes('image'), {
			beforeLink: async () => {
				fs.rmSync(path.join(root, 'assets'), { recursive: true });
				fs.symlinkSync(path.join(root, '.git', 'hooks'), path.join(root, 'assets'));
			},
		});
		await assert.rejects(pending, /leads into "\.git\/hooks"/);
		assert.deepStrictEqual(fs.readdirSync(path.join(root, '.git', 'hooks')), []);
	});
});
