/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { readFileSync } from 'fs';
import path from 'path';

import type { WhatsAppWebhookBody } from '../../../nodes/shared/webhook-types';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

/** The bytes of a fixture under test/fixtures, exactly as stored. */
export function fixtureBytes(relativePath: string): Buffer {
	return readFileSync(path.join(FIXTURES, relativePath));
}

/** A webhook body from test/fixtures/webhooks, freshly parsed so a test may change it. */
export function webhookFixture(name: string): WhatsAppWebhookBody {
	return JSON.parse(
		fixtureBytes(path.join('webhooks', name)).toString('utf8'),
	) as WhatsAppWebhookBody;
}

export const WEBHOOK_FIXTURES = [
	'errors_system_level_meta_130429.json',
	'inbound_button_reply_meta.json',
	'inbound_reaction_meta.json',
	'inbound_text_meta.json',
	'messaging_handovers_control_passed_meta.json',
	'messaging_handovers_control_taken_meta.json',
	'standby_inbound_message_meta.json',
	'standby_status_delivered_meta.json',
	'standby_text_message_echo_meta.json',
	'status_failed_meta_131049.json',
	'status_read_meta_v24.json',
	'status_sent_meta_pmp.json',
	'template_status_update_approved_meta.json',
	'template_status_update_rejected_meta.json',
];
