/** Content hashes for provenance, backups and change checks. Node built-ins only. */
import * as crypto from 'crypto';

export function sha256(bytes: Uint8Array): string {
	return crypto.createHash('sha256').update(bytes).digest('hex');
}
