// Mid-test screenshots of the whole workbench, for integration tests under the code-server runner.
// Protocol: log `[screenshot-request] <name>`; the driver (test/runners/codeServer.ts) sees the line,
// saves test-output/screenshots/<name>.png and then creates <IMAGE_STUDIO_TEST_SCREENSHOT_DIR>/<name>.png.done.
// Without that env var (desktop runner) this resolves to undefined at once.
import * as fs from 'fs';
import * as path from 'path';

/** Returns the screenshot path, or undefined when no driver takes screenshots or it did not answer in time. */
export async function takeScreenshot(name: string, timeoutMs = 15_000): Promise<string | undefined> {
	const dir = process.env.IMAGE_STUDIO_TEST_SCREENSHOT_DIR;
	if (!dir) {
		return undefined;
	}
	if (!/^[\w.-]+$/.test(name)) {
		throw new Error(`Screenshot names may only use letters, digits, '_', '.', '-': ${name}`);
	}
	const file = path.join(dir, `${name}.png`);
	const done = `${file}.done`;
	fs.rmSync(done, { force: true });
	console.log(`[screenshot-request] ${name}`);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (fs.existsSync(done)) {
			fs.rmSync(done, { force: true });
			return file;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	console.warn(`Screenshot ${name}: the driver did not answer within ${timeoutMs} ms.`);
	return undefined;
}
