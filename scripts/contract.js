#!/usr/bin/env node
// `npm run contract`: checks what the extension assumes about the Gemini API with the smallest set of cheap live calls
// (src/contract/): the model list, one small image per known model family, and a short studio conversation in each
// history shape the studio sends. Prints a table (what we assume, what the API did, pass/drift/fail).
//
//   npm run contract                  live, against Google, with GEMINI_API_KEY (asks before spending; shows the estimate)
//   npm run contract -- --yes         live, without asking
//   npm run contract -- --fake        against the fake Gemini on 127.0.0.1 (what `npm test` runs; costs nothing)
//   npm run contract -- --endpoint http://127.0.0.1:8123   another endpoint (the SDK base URL)
//
// Exit 0 when every check passed; 1 on drift or failure (the table says which); 2 for usage errors or when declined.
'use strict';

const path = require('path');
const readline = require('readline');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : undefined;
};

async function confirm(question) {
	if (!process.stdin.isTTY) {
		return false;
	}
	const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
	const answer = await new Promise((resolve) => rl.question(question, resolve));
	rl.close();
	return /^y(es)?$/i.test(String(answer).trim());
}

async function main() {
	const unknown = args.filter((arg, index) => !['--yes', '--fake', '--endpoint'].includes(arg) && args[index - 1] !== '--endpoint');
	if (unknown.length > 0) {
		console.error(`[contract] unknown argument(s): ${unknown.join(' ')} (see the top of scripts/contract.js)`);
		return 2;
	}
	const { planContract, runContract, formatContractTable, contractPassed, contractVerdict } = require(
		path.join(root, 'out', 'src', 'contract', 'contractCheck.js'),
	);
	let endpoint = option('--endpoint') ?? '';
	let apiKey = process.env.GEMINI_API_KEY || process.env.GOOGLE_API_KEY || '';
	let stopFake = async () => undefined;
	if (flag('--fake')) {
		const { FakeGemini } = require(path.join(root, 'out', 'test', 'fake-gemini', 'server.js'));
		const fake = new FakeGemini();
		endpoint = await fake.start();
		apiKey = 'contract-check-key';
		stopFake = () => fake.stop();
		console.log(`[contract] against the fake Gemini at ${endpoint}`);
	} else {
		console.log(`[contract] against ${endpoint || 'Google (https://generativelanguage.googleapis.com)'}`);
	}
	if (!apiKey) {
		console.error('[contract] set GEMINI_API_KEY (a key with billing: image models have no free tier), or pass --fake');
		return 2;
	}
	try {
		const options = { apiKey, endpoint, onRow: (row) => console.log(`[contract] ${row.outcome.padEnd(7)} ${row.check}: ${row.observed}`) };
		const plan = await planContract(options);
		console.log(`[contract] plan: ${plan.requestCount} generateContent request(s), estimated $${plan.estimatedCostUsd.toFixed(2)} (catalog prices)`);
		if (!flag('--yes') && !flag('--fake')) {
			if (!(await confirm(`Spend about $${plan.estimatedCostUsd.toFixed(2)} on ${plan.requestCount} request(s)? [y/N] `))) {
				console.error('[contract] not run (answer y, or pass --yes)');
				return 2;
			}
		}
		const rows = await runContract(plan, options);
		console.log(`\n${formatContractTable(rows)}\n`);
		console.log(`contract: ${contractVerdict(rows)}`);
		return contractPassed(rows) ? 0 : 1;
	} finally {
		await stopFake();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`[contract] ${error && error.stack ? error.stack : error}`);
		process.exit(1);
	},
);
