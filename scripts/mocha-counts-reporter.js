// Mocha reporter = the usual `spec` output plus a counts file for scripts/test.js.
// Usage: mocha --reporter ./scripts/mocha-counts-reporter.js --reporter-option countsFile=test-output/counts-unit.json
// (or env IMAGE_STUDIO_COUNTS_FILE). Writes {"passed","failed","pending"} when the run ends.
'use strict';

const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

class CountsReporter extends Mocha.reporters.Spec {
	constructor(runner, options) {
		super(runner, options);
		const reporterOptions = (options && (options.reporterOption || options.reporterOptions)) || {};
		const file = reporterOptions.countsFile || process.env.IMAGE_STUDIO_COUNTS_FILE;
		const counts = { passed: 0, failed: 0, pending: 0 };
		runner.on('pass', () => counts.passed++);
		runner.on('fail', () => counts.failed++);
		runner.on('pending', () => counts.pending++);
		runner.once('end', () => {
			if (file) {
				fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
				fs.writeFileSync(file, JSON.stringify(counts) + '\n');
			}
		});
	}
}

module.exports = CountsReporter;
