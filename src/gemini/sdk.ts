/**
 * Loads `@google/genai` on first use. The SDK is bundled separately into `dist/genai.js` so that activation only
 * parses the small extension bundle; under plain Node (unit tests, benchmarks) the package itself is loaded.
 */
import * as fs from 'fs';
import * as path from 'path';

export type GenAIModule = typeof import('@google/genai');

let cached: GenAIModule | undefined;

export function loadGenAI(): GenAIModule {
	if (!cached) {
		const bundled = path.join(__dirname, 'genai.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		cached = (fs.existsSync(bundled) ? require(bundled) : require('@google/genai')) as GenAIModule;
	}
	return cached;
}
