// The vscode-free floors translate with @vscode/l10n: unconfigured (the CLI, English VS Code) they say the English
// key; configured with l10n/bundle.l10n.ko.json (what src/l10nSetup.ts does with vscode.l10n.bundle) they say Korean.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '@vscode/l10n';
import { ImageStudioError } from '../../src/core/errors';
import { errorFromHttp } from '../../src/gemini/errors';
import { parseManifest } from '../../src/assets/manifest';

const root = path.resolve(__dirname, '..', '..', '..');
const korean = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
const context = { model: 'gemini-nano-banana-2.1', endpoint: 'https://generativelanguage.googleapis.com' };
const BAD_KEY = 'Gemini rejected the API key. Set a valid key from Google AI Studio with "Gemini Image Studio: Set Gemini API Key".';

describe('localised messages in the floors without vscode', () => {
	afterEach(() => l10n.config({ contents: {} }));

	it('are English when no bundle is configured (the CLI)', () => {
		l10n.config({ contents: {} });
		assert.strictEqual(errorFromHttp(401, '{}', context).message, BAD_KEY);
		assert.strictEqual(parseManifest('{}').problems[0]?.message, 'The manifest needs an "assets" array.');
	});

	it('are Korean, with their values filled in, once the Korean bundle is configured', () => {
		l10n.config({ contents: korean });
		const badKey = errorFromHttp(401, '{}', context);
		assert.ok(badKey instanceof ImageStudioError);
		assert.strictEqual(badKey.message, korean[BAD_KEY]);
		assert.match(badKey.message, /[\uac00-\ud7a3]/);
		const rateLimited = errorFromHttp(429, '{}', context).message;
		assert.strictEqual(rateLimited, korean['Gemini rate limit reached for {0}. Wait a minute and try again.'].replace('{0}', context.model));
		assert.strictEqual(parseManifest('{}').problems[0]?.message, korean['The manifest needs an "assets" array.']);
	});
});
