// Copies the screenshots the README and the walkthrough show from the last UI test run (test-output/screenshots/,
// written by `npm test` or `node out/test/runners/codeServer.js --suite ui`) into docs/screenshots/ and
// media/walkthrough/, so the pictures are of the real product, never drawn by hand. Run after a UI run, then review
// and commit the changed PNGs.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const from = path.join(path.resolve(root, process.env.IMAGE_STUDIO_TEST_OUTPUT ?? 'test-output'), 'screenshots');
/** The README's pictures: UI test screenshot name → docs/screenshots/<same name>.png. */
const SHOWN = [
	'generate-3-image-opened',
	'edit-3-before-after-diff',
	'compare-4-difference',
	'studio-4-three-turns',
	'assets-1-manifest-code-lenses',
	'assets-2-budget-question',
	'variations-1-grid',
	'transparency-1-checkerboard',
];
/** The walkthrough steps' media (package.json `contributes.walkthroughs`): UI test screenshot name → media/walkthrough/<file>. */
const WALKTHROUGH = {
	'api-key-2-key-typed': 'set-api-key.png',
	'generate-3-image-opened': 'generate.png',
	'edit-3-before-after-diff': 'edit-review.png',
	'studio-4-three-turns': 'studio.png',
	'assets-1-manifest-code-lenses': 'assets.png',
};

const copies = [
	...SHOWN.map((name) => ({ name, target: path.join('docs', 'screenshots', `${name}.png`) })),
	...Object.entries(WALKTHROUGH).map(([name, file]) => ({ name, target: path.join('media', 'walkthrough', file) })),
];
let missing = 0;
for (const { name, target } of copies) {
	const source = path.join(from, `${name}.png`);
	if (!fs.existsSync(source)) {
		console.error(`missing: ${source} (run the UI suite first)`);
		missing++;
		continue;
	}
	const bytes = fs.readFileSync(source);
	if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') {
		console.error(`not a PNG: ${source}`);
		missing++;
		continue;
	}
	fs.mkdirSync(path.dirname(path.join(root, target)), { recursive: true });
	fs.writeFileSync(path.join(root, target), bytes);
	console.log(`${target} (${Math.round(bytes.length / 1024)} KB)`);
}
process.exit(missing > 0 ? 1 : 0);
