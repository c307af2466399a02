/* eslint-disable
	@n8n/community-nodes/require-node-api-error
	-- a test run by Jest in Node, never loaded by n8n */
import fc from 'fast-check';

import { buildRequest } from '../../nodes/WhatsAppSend/router';
import { InvalidInputError } from '../../nodes/shared/invalid-input';
import { META_REFERENCE_MAX_LENGTH } from '../../nodes/shared/reference';
import { checkMessagesRequest } from '../../sandbox/meta-spec/meta-spec';
import { checkSendRequest } from '../../sandbox/validate-message';
import { readerFor } from './support/parameters';

/**
 * buildRequest with arbitrary parameter values, as expressions can give them: every outcome is
 * either an InvalidInputError (refused before any request, with a message) or a body that Meta's
 * OpenAPI spec (with the repairs of sandbox/meta-spec/repairs.ts) accepts, and then the sandbox's
 * rules across fields too. Never another exception.
 * Bounded for CI (at most RUNS cases or TIME_LIMIT_MS per operation); each run draws new values,
 * and a failure prints its seed and shrunk counterexample.
 */

const TIME_LIMIT_MS = 2500;
const RUNS = 400;

const longText = fc.integer({ min: 0, max: 5000 }).map((length) => 'é'.repeat(length));
const text = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.constantFrom(
		'',
		' ',
		'  \n',
		'https://example.com/a.png',
		'ftp://x/y',
		'wamid.HBgL',
		'+1 (650) 555-1234',
		'😀',
	),
	longText,
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
/**
 * Any value an n8n expression can produce: JSON-like values. Left out: objects whose own keys
 * shadow toString or valueOf, on which String() and Number() throw in any node (known limit).
 */
const key = fc
	.string({ maxLength: 8 })
	.filter((name) => !['toString', 'valueOf', 'constructor', '__proto__'].includes(name));
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 6, arbitrary: scalar },
	{ weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
	{ weight: 1, arbitrary: fc.dictionary(key, scalar, { maxKeys: 4, noNullPrototype: true }) },
);
/** Mostly a short text, the kind a field usually holds, sometimes anything. */
const mostlyText = fc.oneof(
	{ weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 15 }) },
	{ weight: 1, arbitrary: anyValue },
);
const optionOf = (valid: string[]) =>
	fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: anyValue });
/** A fixedCollection's entries: n8n always gives an array of objects; their values may be anything. */
const listOf = <T>(arbitrary: fc.Arbitrary<T>, maxLength = 4) => fc.array(arbitrary, { maxLength });

const common = {
	phoneNumberId: fc.oneof(
		{ weight: 3, arbitrary: fc.constant('106540352242922') },
		{ weight: 1, arbitrary: anyValue },
	),
	to: fc.oneof(
		{
			weight: 3,
			arbitrary: fc.constantFrom('+16505551234', '16505551234', 'US.13491208655302741918'),
		},
		{ weight: 1, arbitrary: anyValue },
	),
	referenceId: anyValue,
	options: fc.record({ previewUrl: anyValue, replyToMessageId: anyValue }, { requiredKeys: [] }),
};

const operations: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
	text: fc.record({ ...common, text: anyValue }),
	media: fc.record({
		...common,
		mediaType: optionOf(['image', 'video', 'audio', 'document', 'sticker']),
		mediaSource: optionOf(['link', 'id', 'binary']),
		mediaLink: anyValue,
		mediaId: anyValue,
		binaryPropertyName: anyValue,
		caption: anyValue,
		filename: anyValue,
	}),
	template: fc.record({
		...common,
		templateName: fc.oneof(fc.constantFrom('order_update', 'hello_world'), anyValue),
		templateLanguage: fc.oneof(fc.constantFrom('en_US', 'pt_BR', 'en'), anyValue),
		headerParameter: fc.oneof(
			fc.constant({}),
			fc.record({
				header: fc.record({
					type: optionOf(['text', 'image', 'video', 'document', 'location']),
					text: anyValue,
					media: anyValue,
					filename: anyValue,
					latitude: anyValue,
					longitude: anyValue,
					locationName: anyValue,
					address: anyValue,
					parameterName: anyValue,
				}),
			}),
		),
		bodyParameters: fc.record({
			parameter: listOf(
				fc.record({
					type: optionOf(['text', 'currency', 'dateTime']),
					text: anyValue,
					amount: anyValue,
					currencyCode: anyValue,
					fallbackValue: anyValue,
					parameterName: anyValue,
				}),
			),
		}),
		buttonParameters: fc.record({
			button: listOf(
				fc.record({
					subType: optionOf(['quick_reply', 'url', 'copy_code']),
					index: anyValue,
					value: anyValue,
				}),
			),
		}),
		templateComponentsJson: fc.constant(''),
	}),
	interactive: fc.record({
		...common,
		interactiveType: optionOf(['buttons', 'list', 'ctaUrl']),
		bodyText: mostlyText,
		headerText: anyValue,
		footerText: anyValue,
		replyButtons: fc.record({ button: listOf(fc.record({ id: mostlyText, title: mostlyText })) }),
		listButtonText: mostlyText,
		listRows: fc.record({
			row: listOf(
				fc.record({ section: anyValue, id: mostlyText, title: mostlyText, description: anyValue }),
				12,
			),
		}),
		ctaDisplayText: mostlyText,
		ctaUrl: fc.oneof(
			{ weight: 3, arbitrary: fc.constant('https://example.com/booking') },
			{ weight: 1, arbitrary: anyValue },
		),
	}),
	location: fc.record({
		...common,
		latitude: anyValue,
		longitude: anyValue,
		locationName: anyValue,
		address: anyValue,
	}),
	contacts: fc.record({
		...common,
		contacts: fc.record({
			contact: listOf(
				fc.record({
					formattedName: anyValue,
					firstName: anyValue,
					lastName: anyValue,
					phone: anyValue,
					email: anyValue,
					company: anyValue,
					url: anyValue,
				}),
			),
		}),
	}),
	reaction: fc.record({ ...common, reactToMessageId: anyValue, emoji: anyValue }),
	markAsRead: fc.record({
		phoneNumberId: common.phoneNumberId,
		messageId: anyValue,
		showTypingIndicator: anyValue,
	}),
};

const META_RULES = { referenceMaxLength: META_REFERENCE_MAX_LENGTH, templateExists: () => true };

/**
 * One valid set of parameters per operation, run first: on a busy machine the time limit can end
 * the random runs before they reach an accepted body, and the check below needs both outcomes.
 */
const valid = {
	phoneNumberId: '106540352242922',
	to: '+16505551234',
	referenceId: 'crm-1',
	options: {},
};
const VALID_EXAMPLES: Record<string, Record<string, unknown>> = {
	text: { ...valid, text: 'Hello' },
	media: {
		...valid,
		mediaType: 'image',
		mediaSource: 'link',
		mediaLink: 'https://example.com/a.png',
		mediaId: '',
		binaryPropertyName: 'data',
		caption: '',
		filename: '',
	},
	template: {
		...valid,
		templateName: 'hello_world',
		templateLanguage: 'en_US',
		headerParameter: {},
		bodyParameters: { parameter: [] },
		buttonParameters: { button: [] },
		templateComponentsJson: '',
	},
	interactive: {
		...valid,
		interactiveType: 'buttons',
		bodyText: 'Keep it?',
		headerText: '',
		footerText: '',
		replyButtons: { button: [{ id: 'keep', title: 'Keep' }] },
		listButtonText: '',
		listRows: { row: [] },
		ctaDisplayText: '',
		ctaUrl: '',
	},
	location: { ...valid, latitude: 37.7, longitude: -122.4, locationName: '', address: '' },
	contacts: {
		...valid,
		contacts: {
			contact: [
				{
					formattedName: 'Acme',
					firstName: '',
					lastName: '',
					phone: '',
					email: '',
					company: '',
					url: '',
				},
			],
		},
	},
	reaction: { ...valid, reactToMessageId: 'wamid.HBgL', emoji: '👍' },
	markAsRead: {
		phoneNumberId: valid.phoneNumberId,
		messageId: 'wamid.HBgL',
		showTypingIndicator: false,
	},
};

describe('buildRequest over arbitrary parameter values (fast-check)', () => {
	// Loading the spec takes a second or two: not from the first operation's time limit.
	beforeAll(() => checkMessagesRequest({}));

	it.each(Object.keys(operations))(
		'%s: an InvalidInputError, or a body Meta accepts',
		(operation) => {
			const outcomes = { refused: 0, accepted: 0 };
			fc.assert(
				fc.property(operations[operation], (parameters) => {
					let body: Record<string, unknown>;
					try {
						const request = buildRequest(
							operation,
							readerFor(parameters),
							0,
							META_REFERENCE_MAX_LENGTH,
						);
						body = JSON.parse(JSON.stringify(request.body)) as Record<string, unknown>;
						// Binary media is uploaded first; its media ID then fills the object.
						if (request.uploadFromBinary !== undefined)
							(body[String(body.type)] as Record<string, unknown>).id = '1602186516975000';
					} catch (error) {
						if (!(error instanceof InvalidInputError)) throw error;
						expect(error.message).toMatch(/\S/);
						outcomes.refused += 1;
						return;
					}
					const verdict = checkMessagesRequest(body);
					if (!verdict.ok) {
						throw new Error(
							`Meta's spec refuses (${verdict.code}: ${verdict.details}): ${JSON.stringify(body).slice(0, 400)}`,
						);
					}
					const checked = checkSendRequest(body, META_RULES);
					if (!checked.ok) {
						throw new Error(
							`Meta would refuse (${checked.code}: ${checked.details}): ${JSON.stringify(body).slice(0, 400)}`,
						);
					}
					outcomes.accepted += 1;
				}),
				{
					numRuns: RUNS,
					interruptAfterTimeLimit: TIME_LIMIT_MS,
					markInterruptAsFailure: false,
					examples: [[VALID_EXAMPLES[operation]]],
				},
			);
			// Both branches were explored, so the property said something about each.
			expect(outcomes.refused).toBeGreaterThan(0);
			expect(outcomes.accepted).toBeGreaterThan(0);
		},
	);
});
