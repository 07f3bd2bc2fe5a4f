/**
 * Argument objects of commands: what keybindings, other extensions and agents pass (`{ prompt, … }`), told apart from
 * what VS Code passes by itself (a `Uri` from the Explorer, arrays of them, nothing). No `vscode`: a plain object is
 * one whose prototype is `Object.prototype` (or none), which a `Uri` instance never is.
 */
export function isArgsObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return false;
	}
	const prototype = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/** A short, single-line excerpt of a text, for messages. */
export function excerpt(text: string, max = 160): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
