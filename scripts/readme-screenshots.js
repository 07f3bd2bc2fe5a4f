// Copies the screenshots the README shows from the last UI test run (test-output/screenshots/, written by
// `npm test` or `node out/test/runners/codeServer.js --suite ui`) into docs/screenshots/, so the pictures are of
// the real product, never drawn by hand. Run after a UI run, then review and commit the changed PNGs.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const from = path.join(path.resolve(root, process.env.IMAGE_STUDIO_TEST_OUTPUT ?? 'test-output'), 'screenshots');
const to = path.join(root, 'docs', 'screenshots');
/** The README's pictures: UI test screenshot name → what the README calls it. */
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

fs.mkdirSync(to, { recursive: true });
let missing = 0;
for (const name of SHOWN) {
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
	fs.writeFileSync(path.join(to, `${name}.png`), bytes);
	console.log(`docs/screenshots/${name}.png (${Math.round(bytes.length / 1024)} KB)`);
}
process.exit(missing > 0 ? 1 : 0);
