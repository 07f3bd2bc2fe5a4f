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
/**
 * The walkthrough steps' media (package.json `contributes.walkthroughs`): UI test screenshot name → media/walkthrough/<file>,
 * cropped (sharp) where the window around the subject would only make it small.
 */
const WALKTHROUGH = {
	'api-key-2-key-typed': { file: 'set-api-key.png', crop: { left: 300, top: 0, width: 800, height: 220 } },
	'generate-3-image-opened': { file: 'generate.png' },
	'edit-3-before-after-diff': { file: 'edit-review.png' },
	'studio-4-three-turns': { file: 'studio.png' },
	'assets-1-manifest-code-lenses': { file: 'assets.png' },
};

const copies = [
	...SHOWN.map((name) => ({ name, target: path.join('docs', 'screenshots', `${name}.png`) })),
	...Object.entries(WALKTHROUGH).map(([name, { file, crop }]) => ({ name, target: path.join('media', 'walkthrough', file), crop })),
];

async function main() {
	let missing = 0;
	for (const { name, target, crop } of copies) {
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
		const written = crop ? await require('sharp')(bytes).extract(crop).png({ compressionLevel: 9 }).toBuffer() : bytes;
		fs.writeFileSync(path.join(root, target), written);
		console.log(`${target} (${Math.round(written.length / 1024)} KB${crop ? `, cropped to ${crop.width}×${crop.height}` : ''})`);
	}
	return missing;
}

main().then(
	(missing) => process.exit(missing > 0 ? 1 : 0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
