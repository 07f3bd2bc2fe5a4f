/**
 * Removes API keys from anything that is about to be logged or shown. Keys are matched by value (the key in use)
 * and by the places keys appear in HTTP traffic (`x-goog-api-key` header, `key=` query parameter).
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
	let result = text;
	for (const secret of knownSecrets) {
		if (secret && secret.length >= 4) {
			result = result.split(secret).join('[redacted]');
		}
	}
	return result
		.replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]')
		.replace(/([?&]key=)[^&\s"']+/gi, '$1[redacted]');
}
