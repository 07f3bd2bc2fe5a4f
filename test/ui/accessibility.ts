// The accessibility scan of our webviews in the UI tests: axe-core (https://github.com/dequelabs/axe-core) run inside
// the webview's frame through the driver (an evaluate is not subject to the page's CSP; nothing is injected as a
// <script>). Serious and critical violations fail the test; the others are printed.
import * as fs from 'fs';
import type { Frame } from 'playwright-core';

export interface AxeViolation {
	readonly id: string;
	readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
	readonly help: string;
	readonly nodes: readonly { readonly target: readonly string[]; readonly html: string }[];
}

let source: string | undefined;

/** Runs axe on the frame's document (WCAG 2 A and AA rules); returns every violation. */
export async function axeViolations(frame: Frame): Promise<AxeViolation[]> {
	source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	await frame.evaluate(`${source}\n;undefined`);
	const json = await frame.evaluate<string>(
		`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then((result) => JSON.stringify(result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }))))`,
	);
	return JSON.parse(json) as AxeViolation[];
}

/** Throws when the frame has serious or critical violations; prints the rest. */
export async function assertAccessible(frame: Frame, view: string): Promise<void> {
	const violations = await axeViolations(frame);
	const blocking = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
	for (const violation of violations.filter((item) => !blocking.includes(item))) {
		console.log(`      axe (${view}, ${violation.impact}): ${violation.id}: ${violation.help}`);
	}
	if (blocking.length > 0) {
		throw new Error(
			`axe: ${blocking.length} serious or critical violation(s) in the ${view}: ${blocking
				.map(
					(violation) =>
						`${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
				)
				.join('; ')}`,
		);
	}
	console.log(`      axe (${view}): no serious or critical violations (${violations.length} other)`);
}
