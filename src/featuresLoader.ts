/**
 * Loads `features.ts` on first use. It is bundled separately into `dist/features.js`, next to `dist/extension.js`;
 * under plain tsc output (`out/`) the module itself is loaded.
 */
import * as fs from 'fs';
import * as path from 'path';

type FeaturesModule = typeof import('./features');

let cached: FeaturesModule | undefined;

export function loadFeaturesModule(): FeaturesModule {
	if (!cached) {
		const bundled = path.join(__dirname, 'features.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		cached = (fs.existsSync(bundled) && path.basename(__dirname) === 'dist' ? require(bundled) : require('./features')) as FeaturesModule;
	}
	return cached;
}
