import type { ImageDimensions } from './imageType';

/** The supported aspect ratio nearest to the input's shape, so an edit keeps its proportions. */
export function nearestAspectRatio(dimensions: ImageDimensions | undefined, supported: readonly string[]): string {
	if (!dimensions || dimensions.width <= 0 || dimensions.height <= 0) {
		return supported.includes('1:1') ? '1:1' : supported[0];
	}
	const target = Math.log(dimensions.width / dimensions.height);
	let best = supported[0];
	let bestDistance = Infinity;
	for (const ratio of supported) {
		const [w, h] = ratio.split(':').map(Number);
		const distance = Math.abs(Math.log(w / h) - target);
		if (distance < bestDistance) {
			best = ratio;
			bestDistance = distance;
		}
	}
	return best;
}
