import { checkMessagesRequest } from './meta-spec/meta-spec';

/**
 * Checks a `POST /{phoneNumberId}/messages` body the way the Cloud API does: first against Meta's
 * OpenAPI spec with its documented repairs (meta-spec/), then against the few rules a JSON Schema
 * cannot express, each marked below. A missing field is 131008, a value Meta refuses is 131009, a
 * wrong JSON type, an unexpected key or a length over Meta's limit is 100, an unknown template
 * 132001. Paths in the details use Meta's notation: text['body'].
 */

export type MessageType =
	| 'text'
	| 'image'
	| 'audio'
	| 'video'
	| 'document'
	| 'sticker'
	| 'location'
	| 'contacts'
	| 'interactive'
	| 'template'
	| 'reaction';

export type ViolationCode = 100 | 131008 | 131009 | 132001;

export interface MessageRequest {
	kind: 'message';
	type: MessageType;
	to: string | null;
	recipient: string | null;
	group: boolean;
	referenceId: string | null;
	template: { name: string; language: string } | null;
}

export interface ReadRequest {
	kind: 'read';
	messageId: string;
	typing: boolean;
}

export type CheckedRequest =
	| { ok: true; request: MessageRequest | ReadRequest }
	| { ok: false; code: ViolationCode; details: string };

export interface MessageRules {
	referenceMaxLength: number;
	templateExists: (name: string, language: string) => boolean;
}

/** The shape the spec has already checked: only what the rules below read. */
interface SendBody {
	type?: MessageType;
	to?: string;
	recipient?: string;
	recipient_type?: 'individual' | 'group';
	biz_opaque_callback_data?: string;
	template?: { name: string; language: { code: string } };
	interactive?: {
		type: string;
		action: {
			buttons?: Array<{ reply: { id: string; title: string } }>;
			sections?: Array<{ title?: string; rows?: Array<{ id: string }>; product_items?: unknown[] }>;
		};
	};
	status?: 'read';
	message_id?: string;
	typing_indicator?: unknown;
}

type Refusal = { ok: false; code: ViolationCode; details: string };
const refuse = (code: ViolationCode, details: string): Refusal => ({ ok: false, code, details });

const countOf = (items: unknown[] | undefined) => items?.length ?? 0;
const hasRepeats = (values: string[]) => new Set(values).size !== values.length;

/** Rules across fields, or on the sandbox's state, which the spec cannot state. */
function ruleViolation(body: SendBody, rules: MessageRules): Refusal | null {
	// Across fields: `to` is a phone number, except for a group, whose ID goes in `to` as well.
	if (body.to && body.recipient_type !== 'group' && !/^[+\d\s()-]*\d[\d\s()-]*$/.test(body.to)) {
		return refuse(100, 'Param to must be a phone number in international format.');
	}
	// The provider's own limit, which may be below Meta's 512 (a BSP profile of the sandbox).
	const reference = body.biz_opaque_callback_data;
	if (reference !== undefined && [...reference].length > rules.referenceMaxLength) {
		return refuse(
			100,
			`Param biz_opaque_callback_data must be at most ${rules.referenceMaxLength} characters long.`,
		);
	}
	const interactive = body.interactive;
	if (interactive?.type === 'button') {
		// Across items: Meta's reply-buttons page wants unique IDs and titles.
		const replies = (interactive.action.buttons ?? []).map((button) => button.reply);
		if (hasRepeats(replies.map((reply) => reply.id)))
			return refuse(131009, "Param interactive['action']['buttons'] ids must be unique.");
		if (hasRepeats(replies.map((reply) => reply.title)))
			return refuse(131009, "Param interactive['action']['buttons'] titles must be unique.");
	}
	if (interactive?.type === 'list') {
		// Across sections: Meta's list page allows 10 rows in all, unique IDs, and titles on every section of several.
		const sections = interactive.action.sections ?? [];
		const rowIds = sections.flatMap((section) => (section.rows ?? []).map((row) => row.id));
		if (rowIds.length > 10)
			return refuse(
				131009,
				"Param interactive['action']['sections'] must have at most 10 rows in total.",
			);
		if (hasRepeats(rowIds))
			return refuse(131009, "Param interactive['action']['sections'] row ids must be unique.");
		const untitled = sections.findIndex((section) => !section.title);
		if (sections.length > 1 && untitled >= 0) {
			return refuse(
				131008,
				`The parameter interactive['action']['sections'][${untitled}]['title'] is required.`,
			);
		}
	}
	if (interactive?.type === 'product_list') {
		// Across sections: Meta's multi-product page allows 30 products in all.
		const products = (interactive.action.sections ?? []).reduce(
			(sum, section) => sum + countOf(section.product_items),
			0,
		);
		if (products > 30)
			return refuse(
				131009,
				"Param interactive['action']['sections'] must have at most 30 products in total.",
			);
	}
	// The sandbox's state: the account's templates.
	if (
		body.template !== undefined &&
		!rules.templateExists(body.template.name, body.template.language.code)
	) {
		return refuse(
			132001,
			`template name (${body.template.name}) does not exist in ${body.template.language.code}`,
		);
	}
	return null;
}

export function checkSendRequest(value: unknown, rules: MessageRules): CheckedRequest {
	const verdict = checkMessagesRequest(value);
	if (!verdict.ok) return verdict;
	const body = value as SendBody;
	if (body.status !== undefined) {
		return {
			ok: true,
			request: {
				kind: 'read',
				messageId: String(body.message_id),
				typing: body.typing_indicator !== undefined,
			},
		};
	}
	const refusal = ruleViolation(body, rules);
	if (refusal !== null) return refusal;
	return {
		ok: true,
		request: {
			kind: 'message',
			type: body.type ?? 'text',
			to: body.to || null,
			recipient: body.recipient || null,
			group: body.recipient_type === 'group',
			referenceId: body.biz_opaque_callback_data ?? null,
			template:
				body.template === undefined
					? null
					: { name: body.template.name, language: body.template.language.code },
		},
	};
}
