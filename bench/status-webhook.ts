import { createHmac } from 'node:crypto';

import { metaJson } from '../sandbox/serialize';
import type { SentMessage } from '../sandbox/state';
import { statusEnvelope, statusObject } from '../sandbox/status-objects';
import { newWamid } from '../sandbox/wamid';

export interface StatusWebhook {
	/** The exact bytes Meta would post: one entry, one change, `count` `sent` statuses. */
	raw: Buffer;
	/** X-Hub-Signature-256 over `raw` with the app secret. */
	signature: string;
}

const DISPLAY_PHONE_NUMBER = '15550783881';

/**
 * A status webhook as Meta batches it: `count` statuses of template messages, each with its
 * Reference ID, conversation and pricing, built by the sandbox's own status builder.
 */
export function statusWebhook(options: {
	count: number;
	wabaId: string;
	phoneNumberId: string;
	appSecret: string;
	/** Reference IDs are `<prefix>-<index>`; give each webhook of a burst its own prefix. */
	referencePrefix?: string;
}): StatusWebhook {
	const now = Date.now();
	const statuses = Array.from({ length: options.count }, (_, index) => {
		const waId = `1650${String(index).padStart(7, '0')}`;
		const message: SentMessage = {
			id: newWamid(waId),
			phoneNumberId: options.phoneNumberId,
			displayPhoneNumber: DISPLAY_PHONE_NUMBER,
			type: 'template',
			to: waId,
			waId,
			recipient: null,
			group: false,
			referenceId: `${options.referencePrefix ?? 'crm-contact'}-${index}`,
			category: 'marketing',
			conversationId: `conversation-${index}`,
			acceptedAt: now,
			failing: false,
			statuses: ['sent'],
		};
		return statusObject(message, 'sent', now, { pricingOn: 'sent', conversation: true });
	});
	const envelope = statusEnvelope(options.wabaId, [
		{ phoneNumberId: options.phoneNumberId, displayPhoneNumber: DISPLAY_PHONE_NUMBER, statuses },
	]);
	const raw = Buffer.from(metaJson(envelope), 'utf8');
	const signature = `sha256=${createHmac('sha256', options.appSecret).update(raw).digest('hex')}`;
	return { raw, signature };
}
