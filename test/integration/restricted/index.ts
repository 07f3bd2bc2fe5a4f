// Mocha entry point (extensionTestsPath) of the Restricted Mode suite: every out/test/integration/restricted/*.test.js.
// test/runners/codeServer.ts (`--suite restricted`) loads it in a code-server with Workspace Trust on and a workspace
// that was never trusted; the normal integration suite (../index.ts) does not see these files.
import { runTestsIn } from '../index';

export function run(): Promise<void> {
	return runTestsIn(__dirname, 'Restricted Mode tests');
}
