// Renders the marketplace icon, images/icon.png (128×128), from images/icon.svg with sharp. Run after changing the
// SVG (`node scripts/make-icon.js`), look at the PNG, and commit both.
'use strict';
const path = require('path');
const sharp = require('sharp');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'images', 'icon.svg');
const target = path.join(root, 'images', 'icon.png');

sharp(source, { density: 288 })
	.resize(128, 128)
	.png({ compressionLevel: 9 })
	.toFile(target)
	.then((info) => console.log(`images/icon.png ${info.width}×${info.height} (${Math.round(info.size / 1024)} KB)`))
	.catch((error) => {
		console.error(error);
		process.exit(1);
	});
