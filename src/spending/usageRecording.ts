/**
 * Counts a Gemini reply in the spending totals: the catalog's estimate for what the reply holds (its tokens and its
 * images at the size asked), or "no known price" for a model the catalog does not know. Used by every path that
 * sends requests (commands, asset runs).
 */
import type { ImageGenerator, ImageRequest } from '../gemini/geminiClient';
import { estimateRequestCostUsd, findModel, ImageSize } from '../gemini/modelCatalog';
import type { ParsedImageResponse } from '../gemini/responseParser';
import type { Services } from '../services';
import type { UsageSource } from '../state/usageLedger';

export function recordUsage(services: Pick<Services, 'usage'>, source: UsageSource, request: ImageRequest, response: ParsedImageResponse): void {
	const model = findModel(request.model);
	void services.usage.record({
		source,
		model: request.model,
		images: response.images.length,
		costUsd: model
			? estimateRequestCostUsd(
					model,
					{
						inputTokens: response.usage.promptTokens,
						outputTokens: response.usage.outputTokens,
						thoughtTokens: response.usage.thoughtTokens,
						imageCount: response.images.length,
					},
					request.imageSize as ImageSize | undefined,
				)
			: undefined,
	});
}

/** The generator, counting every reply in the spending totals as it arrives. */
export function countingGenerator(services: Pick<Services, 'generator' | 'usage'>, source: UsageSource): ImageGenerator {
	return {
		generate: async (request, options) => {
			const response = await services.generator.generate(request, options);
			recordUsage(services, source, request, response);
			return response;
		},
	};
}
