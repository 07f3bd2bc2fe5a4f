// scripts/check-l10n.js against small fixture projects: it passes a complete one and fails, naming the key, each kind
// of gap (a missing Korean key, a stale English bundle, an undefined %key%, an orphaned translation, a lost placeholder).
import * as assert from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'check-l10n.js');

interface Fixture {
	source: string;
	bundle: Record<string, string>;
	bundleKo: Record<string, string>;
	manifest: Record<string, unknown>;
	nls: Record<string, string>;
	nlsKo: Record<string, string>;
}

function complete(): Fixture {
	return {
		source: "import * as l10n from '@vscode/l10n';\nexport const a = l10n.t('Image saved to {0}.', 'x');\nexport const b = l10n.t('Replace');\n",
		bundle: { 'Image saved to {0}.': 'Image saved to {0}.', Replace: 'Replace' },
		bundleKo: { 'Image saved to {0}.': '이미지를 {0}에 저장했습니다.', Replace: '바꾸기' },
		manifest: { name: 'fixture', contributes: { commands: [{ command: 'x.run', title: '%command.run.title%', category: '%command.category%' }] } },
		nls: { 'command.category': 'Fixture', 'command.run.title': 'Run' },
		nlsKo: { 'command.category': 'Fixture', 'command.run.title': '실행' },
	};
}

function check(fixture: Fixture): { status: number | null; output: string } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-l10n-fixture-'));
	try {
		const json = (file: string, value: unknown) => {
			fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
			fs.writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2) + '\n');
		};
		fs.mkdirSync(path.join(dir, 'src'));
		fs.writeFileSync(path.join(dir, 'src', 'strings.ts'), fixture.source);
		json('l10n/bundle.l10n.json', fixture.bundle);
		json('l10n/bundle.l10n.ko.json', fixture.bundleKo);
		json('package.json', fixture.manifest);
		json('package.nls.json', fixture.nls);
		json('package.nls.ko.json', fixture.nlsKo);
		const result = childProcess.spawnSync(process.execPath, [script, '--root', dir], { encoding: 'utf8' });
		return { status: result.status, output: `${result.stdout}${result.stderr}` };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

describe('scripts/check-l10n.js', function () {
	this.timeout(60_000);

	it('passes a project whose every string has its Korean entry', () => {
		const result = check(complete());
		assert.strictEqual(result.status, 0, result.output);
		assert.match(result.output, /2 runtime and 2 manifest strings, translated into ko/);
	});

	it('fails when a runtime string has no Korean entry, and names it', () => {
		const fixture = complete();
		delete fixture.bundleKo['Image saved to {0}.'];
		const result = check(fixture);
		assert.strictEqual(result.status, 1, result.output);
		assert.match(result.output, /bundle\.l10n\.ko\.json has no translation for 1 key\(s\)[^]*"Image saved to \{0\}\."/);
	});

	it('fails when a manifest string has no Korean entry', () => {
		const fixture = complete();
		delete fixture.nlsKo['command.run.title'];
		const result = check(fixture);
		assert.strictEqual(result.status, 1, result.output);
		assert.match(result.output, /package\.nls\.ko\.json has no translation[^]*"command\.run\.title"/);
	});

	it('fails when the committed English bundle is stale (a string in the sources it does not list)', () => {
		const fixture = complete();
		fixture.source += "export const c = l10n.t('Discard');\n";
		const result = check(fixture);
		assert.strictEqual(result.status, 1, result.output);
		assert.match(result.output, /bundle\.l10n\.json is stale[^]*new in the sources:\s+"Discard"/);
	});

	it('fails when package.json uses a %key% that package.nls.json lacks', () => {
		const fixture = complete();
		(fixture.manifest.contributes as { commands: { title: string }[] }).commands[0].title = '%command.other.title%';
		const result = check(fixture);
		assert.strictEqual(result.status, 1, result.output);
		assert.match(result.output, /package\.json uses 1 key\(s\) that package\.nls\.json does not define:\s+%command\.other\.title%/);
	});

	it('fails on an orphaned Korean key and on a translation that drops a placeholder', () => {
		const fixture = complete();
		fixture.bundleKo['Gone'] = '사라짐';
		fixture.bundleKo['Image saved to {0}.'] = '이미지를 저장했습니다.';
		const result = check(fixture);
		assert.strictEqual(result.status, 1, result.output);
		assert.match(result.output, /translates 1 key\(s\) that l10n\/bundle\.l10n\.json no longer has[^]*"Gone"/);
		assert.match(result.output, /"Image saved to \{0\}\." has placeholders \(none\), the English \{0\}/);
	});
});
