import { createHmac } from 'crypto';

/** `<prefix><hex>`: HMAC-SHA256 of the raw bytes, keyed with the secret, as Meta (and BSPs) sign webhooks. */
export function computeSignature(rawBody: Buffer, secret: string, prefix = 'sha256='): string {
	return `${prefix}${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}
