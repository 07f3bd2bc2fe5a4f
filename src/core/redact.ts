/**
 * Removes API keys from anything that is about to be logged or shown. Keys are matched by value (the key in use)
 * and by the places keys appear in HTTP traffic (`x-goog-api-key` header, `key=` query parameter).
 */
import * as l10n from '@vscode/l10n';

export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
	let result = text;
	for (const secret of knownSecrets) {
		if (secret && secret.length >= 4) {
			result = result.split(secret).join('[redacted]');
		}
	}
	return result.replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]').replace(/([?&]key=)[^&\s"']+/gi, '$1[redacted]');
}

/** Longest key accepted; Google's keys are about 40 characters. */
const MAX_KEY_LENGTH = 256;

/**
 * What is wrong with a value that should be an API key, without repeating it: an HTTP header cannot carry whitespace,
 * control characters or non-ASCII text, and the SDK's error for such a header quotes the whole value.
 */
export function apiKeyProblem(key: string): string | undefined {
	if (/[\r\n]/.test(key)) {
		return l10n.t('contains a line break');
	}
	if (/[\x00-\x1f\x7f]/.test(key)) {
		return l10n.t('contains a control character');
	}
	if (/\s/.test(key)) {
		return l10n.t('contains a space');
	}
	if (/[^\x21-\x7e]/.test(key)) {
		return l10n.t('contains characters that are not plain ASCII');
	}
	if (key.length > MAX_KEY_LENGTH) {
		return l10n.t('is longer than {0} characters', MAX_KEY_LENGTH);
	}
	return undefined;
}
