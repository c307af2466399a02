/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

import { parseEnvelope } from '../../nodes/WhatsAppTrigger/envelope';
import { flattenWebhook } from '../../nodes/WhatsAppTrigger/flatten';
import { computeSignature } from './support/sign';
import { TRIGGER_APP_SECRET, callTrigger } from './support/trigger-context';

/**
 * The trigger's body handling over arbitrary input (fast-check): parseEnvelope and flattenWebhook
 * never throw; a body is either refused with a reason (400) or gives exactly one item per status
 * of its `messages` changes. Bounded for CI: at most RUNS cases or TIME_LIMIT_MS per property.
 */

const TIME_LIMIT_MS = 2500;
const RUNS = 500;
const LIMITS = {
	numRuns: RUNS,
	interruptAfterTimeLimit: TIME_LIMIT_MS,
	markInterruptAsFailure: false,
};

const ALL_STATUSES = {
	events: ['statuses'],
	statuses: [],
	phoneNumberIds: [],
	parseReferenceJson: false,
};

const anything = fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: false });
/** Either a value of the right kind or, now and then, anything at all in its place. */
const or = <T>(valid: fc.Arbitrary<T>) =>
	fc.oneof({ weight: 30, arbitrary: valid }, { weight: 1, arbitrary: anything });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 4 });

const status = or(
	fc.record(
		{
			id: or(fc.constantFrom('wamid.A', 'wamid.B', 'wamid.C')),
			status: or(fc.constantFrom('sent', 'delivered', 'read', 'failed', 'played', 'new_one')),
			timestamp: or(fc.oneof(fc.nat().map(String), fc.nat(), fc.string())),
			recipient_id: maybe(or(fc.constant('16505551234'))),
			biz_opaque_callback_data: maybe(or(fc.string({ maxLength: 20 }))),
			conversation: maybe(anything),
			pricing: maybe(anything),
			errors: maybe(anything),
			unknown_future_field: maybe(anything),
		},
		{ requiredKeys: [] },
	),
);
const change = or(
	fc.record(
		{
			field: or(
				fc.constantFrom(
					'messages',
					'messages',
					'message_template_status_update',
					'calls',
					'standby',
					'messaging_handovers',
				),
			),
			value: maybe(
				or(
					fc.record(
						{
							messaging_product: maybe(fc.constant('whatsapp')),
							metadata: maybe(
								or(
									fc.record({
										phone_number_id: or(fc.constant('106540352242922')),
										display_phone_number: or(fc.constant('15550783881')),
									}),
								),
							),
							statuses: maybe(or(fc.array(status, { maxLength: 5 }))),
							messages: maybe(
								or(
									fc.array(
										or(
											fc.record({
												id: or(fc.string()),
												type: or(fc.constant('text')),
												text: anything,
											}),
										),
										{ maxLength: 3 },
									),
								),
							),
							standby: maybe(
								or(
									fc.record(
										{
											statuses: maybe(or(fc.array(status, { maxLength: 3 }))),
											messages: maybe(
												or(
													fc.array(
														or(
															fc.record({
																id: or(fc.string()),
																type: or(fc.constant('text')),
																text: anything,
															}),
														),
														{ maxLength: 2 },
													),
												),
											),
											message_echoes: maybe(
												or(
													fc.array(
														or(
															fc.record({
																id: or(fc.string()),
																timestamp: anything,
																message: anything,
															}),
														),
														{ maxLength: 2 },
													),
												),
											),
											contacts: maybe(anything),
										},
										{ requiredKeys: [] },
									),
								),
							),
							type: maybe(or(fc.constantFrom('control_passed', 'control_taken'))),
							control_passed: maybe(anything),
							sender: maybe(anything),
							recipient: maybe(anything),
						},
						{ requiredKeys: [] },
					),
				),
			),
		},
		{ requiredKeys: [] },
	),
);
const entry = or(
	fc.record(
		{
			id: maybe(or(fc.constant('102290129340398'))),
			changes: or(fc.array(change, { maxLength: 4 })),
		},
		{ requiredKeys: [] },
	),
);
const envelope = or(
	fc.record(
		{
			object: or(fc.constant('whatsapp_business_account')),
			entry: or(fc.array(entry, { maxLength: 3 })),
			extra: maybe(anything),
		},
		{ requiredKeys: [] },
	),
);

type Statuses = { statuses?: unknown[] };

/** How many status items Meta's rules say the body holds: statuses of `messages` changes, and of `standby` ones when chosen. */
function statusCount(body: unknown, withStandby = false): number {
	let count = 0;
	for (const entryValue of (
		body as {
			entry: Array<{
				changes: Array<{ field?: unknown; value?: Statuses & { standby?: Statuses } }>;
			}>;
		}
	).entry) {
		for (const changeValue of entryValue.changes) {
			if (changeValue.field === 'messages') count += changeValue.value?.statuses?.length ?? 0;
			if (changeValue.field === 'standby' && withStandby)
				count += changeValue.value?.standby?.statuses?.length ?? 0;
		}
	}
	return count;
}

describe('parseEnvelope and flattenWebhook over arbitrary input (fast-check)', () => {
	it('never throw on arbitrary bytes; anything that is not a JSON object is refused with a reason', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.uint8Array({ maxLength: 200 }),
					fc.string().map((text) => Buffer.from(text)),
				),
				(bytes) => {
					const result = parseEnvelope(Buffer.from(bytes));
					if (!result.ok) expect(result.reason).toMatch(/\S/);
					else expect(() => flattenWebhook(result.body, ALL_STATUSES)).not.toThrow();
				},
			),
			LIMITS,
		);
	});

	it('on arbitrary JSON: a reason, or one item per status of the messages changes', () => {
		const seen = { refused: 0, withItems: 0 };
		fc.assert(
			fc.property(fc.oneof(envelope, fc.jsonValue({ maxDepth: 4 })), (body) => {
				const result = parseEnvelope(Buffer.from(JSON.stringify(body) ?? 'null'));
				if (!result.ok) {
					expect(result.reason).toMatch(/\S/);
					seen.refused += 1;
					return;
				}
				const items = flattenWebhook(result.body, ALL_STATUSES);
				expect(items).toHaveLength(statusCount(result.body));
				for (const item of items) {
					expect(item.event).toBe('status');
					expect(typeof item.eventId).toBe('string');
				}
				if (items.length > 0) seen.withItems += 1;
			}),
			// Meta's own body runs first: on a busy machine the time limit can end the random runs early.
			{
				...LIMITS,
				examples: [
					[
						JSON.parse(
							readFileSync(
								join(__dirname, '../fixtures/webhooks/status_sent_meta_pmp.json'),
								'utf8',
							),
						),
					],
					[{ object: 'page' }],
				],
			},
		);
		// The generator reaches both outcomes, so the property says something about each.
		expect(seen.refused).toBeGreaterThan(0);
		expect(seen.withItems).toBeGreaterThan(0);
	});

	it('through the node: 400 with a reason, or the items, or 200 when none; never a throw', async () => {
		await fc.assert(
			fc.asyncProperty(envelope, async (body) => {
				const rawBody = Buffer.from(JSON.stringify(body) ?? 'null');
				const answer = await callTrigger({
					rawBody,
					headers: { 'x-hub-signature-256': computeSignature(rawBody, TRIGGER_APP_SECRET) },
					parameters: {
						events: ['statuses', 'messages', 'templateStatusUpdates', 'standby', 'handovers'],
					},
				});
				const parsed = parseEnvelope(rawBody);
				if (!parsed.ok) {
					expect(answer.response).toEqual({
						statusCode: 400,
						contentType: 'text/plain',
						body: parsed.reason,
					});
				} else if (answer.result.workflowData) {
					expect(
						answer.result.workflowData[0].filter((item) => item.json.event === 'status'),
					).toHaveLength(statusCount(parsed.body, true));
				} else {
					expect(answer.response).toEqual({
						statusCode: 200,
						contentType: 'text/plain',
						body: 'No matching events',
					});
				}
			}),
			LIMITS,
		);
	});
});
