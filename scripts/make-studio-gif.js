// Makes the README's short animated studio turn (docs/screenshots/studio-turn.gif) from four screenshots the studio UI
// test takes (test/ui/studio.ui.ts): the studio just opened, a prompt typed, the turn running, the image answered. The
// frames are the real product, never drawn by hand. Uses sharp, a dev dependency (the VSIX ships only the GIF). Run
// after a UI run (`npm test`, or `node out/test/runners/codeServer.js --suite ui`), then look at it and commit it.
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const root = path.resolve(__dirname, '..');
const from = path.join(path.resolve(root, process.env.IMAGE_STUDIO_TEST_OUTPUT ?? 'test-output'), 'screenshots');
const to = path.join(root, 'docs', 'screenshots', 'studio-turn.gif');
/** Frame (UI test screenshot name) and how long it shows, in ms. */
const FRAMES = [
	['studio-0a-open', 1200],
	['studio-0b-typed', 1800],
	['studio-0c-running', 1500],
	['studio-1-first-turn', 3500],
];
/** The limit for the README's GIF. */
const MAX_BYTES = 2 * 1024 * 1024;
const WIDTH = 900;

async function main() {
	const missing = FRAMES.map(([name]) => path.join(from, `${name}.png`)).filter((file) => !fs.existsSync(file));
	if (missing.length > 0) {
		throw new Error(`missing frames (run the UI suite first): ${missing.join(', ')}`);
	}
	const frames = await Promise.all(
		FRAMES.map(([name]) =>
			sharp(path.join(from, `${name}.png`))
				.resize({ width: WIDTH })
				.png()
				.toBuffer(),
		),
	);
	const gif = await sharp(frames, { join: { animated: true } })
		.gif({ delay: FRAMES.map(([, delay]) => delay), loop: 0, effort: 7, colours: 128 })
		.toBuffer();
	if (gif.length > MAX_BYTES) {
		throw new Error(`the GIF is ${gif.length} bytes, over ${MAX_BYTES}: fewer colours or a smaller width`);
	}
	const temp = `${to}.${process.pid}.tmp`;
	fs.writeFileSync(temp, gif);
	fs.renameSync(temp, to);
	console.log(`${path.relative(root, to)}: ${FRAMES.length} frames, ${WIDTH} px wide, ${(gif.length / 1024).toFixed(0)} KiB`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
