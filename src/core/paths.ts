/** Path containment on normalised, slash-separated paths. Pure. */

/** True when `child` equals `parent` or lies below it; both are normalised slash-separated paths. */
export function isPathInside(parent: string, child: string, caseInsensitive = false): boolean {
	const normalise = (value: string) => {
		let result = value.replace(/\\/g, '/').replace(/\/+$/, '');
		if (caseInsensitive) {
			result = result.toLowerCase();
		}
		return result;
	};
	const p = normalise(parent);
	const c = normalise(child);
	return c === p || c.startsWith(p === '' ? '/' : `${p}/`);
}
