/**
 * Checks a `POST /{phoneNumberId}/messages` body the way the Cloud API does: a missing field is
 * 131008, a value Meta refuses is 131009, a wrong JSON type, an unexpected key or a length over
 * Meta's limit is 100. Paths in the details use Meta's notation: text['body'].
 */

export const messageTypes = [
	'text',
	'image',
	'audio',
	'video',
	'document',
	'sticker',
	'location',
	'contacts',
	'interactive',
	'template',
	'reaction',
] as const;
export type MessageType = (typeof messageTypes)[number];

const interactiveTypes = [
	'button',
	'list',
	'cta_url',
	'flow',
	'location_request_message',
	'product',
	'product_list',
] as const;

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

type Rec = Record<string, unknown>;

class Violation extends Error {
	constructor(
		readonly code: ViolationCode,
		readonly details: string,
	) {
		super(details);
	}
}

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (path: string, key: string | number) =>
	path ? `${path}[${typeof key === 'number' ? key : `'${key}'`}]` : String(key);

function required(parent: Rec, key: string, path: string): unknown {
	const value = parent[key];
	if (value === undefined || value === null || value === '') {
		throw new Violation(131008, `The parameter ${at(path, key)} is required.`);
	}
	return value;
}

function object(parent: Rec, key: string, path: string): Rec {
	const value = required(parent, key, path);
	if (!isRecord(value)) throw new Violation(100, `Param ${at(path, key)} must be a JSON object.`);
	return value;
}

function string(parent: Rec, key: string, path: string, max?: number): string {
	return checkString(required(parent, key, path), at(path, key), max);
}

function optionalString(parent: Rec, key: string, path: string, max?: number): string | null {
	return parent[key] === undefined ? null : checkString(parent[key], at(path, key), max);
}

function checkString(value: unknown, path: string, max?: number): string {
	if (typeof value !== 'string') throw new Violation(100, `Param ${path} must be a string.`);
	if (max !== undefined && [...value].length > max) {
		throw new Violation(100, `Param ${path} must be at most ${max} characters long.`);
	}
	return value;
}

function array(parent: Rec, key: string, path: string, min: number, max = Infinity): unknown[] {
	const value = required(parent, key, path);
	if (!Array.isArray(value)) throw new Violation(100, `Param ${at(path, key)} must be an array.`);
	if (value.length < min || value.length > max) {
		const bounds = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
		throw new Violation(131009, `Param ${at(path, key)} must have ${bounds} elements.`);
	}
	return value;
}

function element(value: unknown, path: string): Rec {
	if (!isRecord(value)) throw new Violation(100, `Param ${path} must be a JSON object.`);
	return value;
}

function oneOf<T extends string>(parent: Rec, key: string, path: string, allowed: readonly T[]): T {
	const value = string(parent, key, path);
	if (!(allowed as readonly string[]).includes(value)) {
		throw new Violation(131009, `Param ${at(path, key)} must be one of {${allowed.join(', ')}} - got "${value}".`);
	}
	return value as T;
}

function onlyKeys(value: Rec, allowed: readonly string[], path: string): void {
	const unexpected = Object.keys(value).find((k) => !allowed.includes(k));
	if (unexpected !== undefined) throw new Violation(100, `Unexpected key "${unexpected}" on param ${path || 'body'}.`);
}

function optionalBoolean(parent: Rec, key: string, path: string): void {
	if (parent[key] !== undefined && typeof parent[key] !== 'boolean') {
		throw new Violation(100, `Param ${at(path, key)} must be a boolean.`);
	}
}

function webLink(parent: Rec, key: string, path: string): void {
	const link = string(parent, key, path);
	if (!/^https?:\/\/[^\s/]+/i.test(link)) throw new Violation(131009, `Param ${at(path, key)} must be a valid URL.`);
}

function unique(values: string[], path: string): void {
	if (new Set(values).size !== values.length) throw new Violation(131009, `Param ${path} must be unique.`);
}

/** What each media type takes besides `id` or `link`: audio and stickers have no caption. */
const mediaExtras: Record<string, string[]> = {
	image: ['caption'],
	video: ['caption'],
	document: ['caption', 'filename'],
	audio: ['voice'],
	sticker: [],
};

/** Media objects take exactly one of `id` (uploaded media) and `link`. */
function media(value: Rec, type: string, path: string): void {
	onlyKeys(value, ['id', 'link', ...(mediaExtras[type] ?? [])], path);
	const hasId = value.id !== undefined;
	const hasLink = value.link !== undefined;
	if (!hasId && !hasLink) {
		throw new Violation(131008, `The parameter ${at(path, 'id')} or ${at(path, 'link')} is required.`);
	}
	if (hasId && hasLink) throw new Violation(131009, `Param ${path} must have either 'id' or 'link', not both.`);
	if (hasId) string(value, 'id', path);
	else webLink(value, 'link', path);
	optionalString(value, 'caption', path, 1024);
	optionalString(value, 'filename', path);
	optionalBoolean(value, 'voice', path);
}

function coordinate(parent: Rec, key: string, path: string, limit: number): void {
	const raw = required(parent, key, path);
	const value = typeof raw === 'string' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new Violation(100, `Param ${at(path, key)} must be a number.`);
	}
	if (Math.abs(value) > limit) {
		throw new Violation(131009, `Param ${at(path, key)} must be between -${limit} and ${limit}.`);
	}
}

function location(value: Rec, path: string): void {
	onlyKeys(value, ['latitude', 'longitude', 'name', 'address'], path);
	coordinate(value, 'latitude', path, 90);
	coordinate(value, 'longitude', path, 180);
	optionalString(value, 'name', path);
	optionalString(value, 'address', path);
}

function contacts(parent: Rec): void {
	array(parent, 'contacts', '', 1).forEach((item, i) => {
		const contact = element(item, at('contacts', i));
		string(object(contact, 'name', at('contacts', i)), 'formatted_name', at(at('contacts', i), 'name'));
	});
}

function reaction(value: Rec, path: string): void {
	onlyKeys(value, ['message_id', 'emoji'], path);
	string(value, 'message_id', path);
	if (typeof value.emoji !== 'string') {
		if (value.emoji === undefined) throw new Violation(131008, `The parameter ${at(path, 'emoji')} is required.`);
		throw new Violation(100, `Param ${at(path, 'emoji')} must be a string.`);
	}
}

function textBlock(parent: Rec, key: string, path: string, max: number, isRequired: boolean): void {
	if (!isRequired && parent[key] === undefined) return;
	string(object(parent, key, path), 'text', at(path, key), max);
}

function header(parent: Rec, path: string, allowed: readonly string[], isRequired: boolean): void {
	if (!isRequired && parent.header === undefined) return;
	const value = object(parent, 'header', path);
	const headerPath = at(path, 'header');
	const type = oneOf(value, 'type', headerPath, allowed);
	if (type === 'text') string(value, 'text', headerPath, 60);
	else media(object(value, type, headerPath), type, at(headerPath, type));
}

const mediaHeaders = ['text', 'image', 'video', 'document'] as const;

function actionName(action: Rec, path: string, name: string): void {
	const value = string(action, 'name', path);
	if (value !== name) throw new Violation(131009, `Param ${at(path, 'name')} must be "${name}".`);
}

function interactive(value: Rec, path: string): void {
	const type = oneOf(value, 'type', path, interactiveTypes);
	const action = object(value, 'action', path);
	const actionPath = at(path, 'action');
	textBlock(value, 'footer', path, 60, false);
	switch (type) {
		case 'button': {
			header(value, path, mediaHeaders, false);
			textBlock(value, 'body', path, 1024, true);
			const buttons = array(action, 'buttons', actionPath, 1, 3).map((item, i) => {
				const buttonPath = at(at(actionPath, 'buttons'), i);
				const button = element(item, buttonPath);
				oneOf(button, 'type', buttonPath, ['reply']);
				const reply = object(button, 'reply', buttonPath);
				return {
					id: string(reply, 'id', at(buttonPath, 'reply'), 256),
					title: string(reply, 'title', at(buttonPath, 'reply'), 20),
				};
			});
			unique(
				buttons.map((b) => b.id),
				`${at(actionPath, 'buttons')} ids`,
			);
			unique(
				buttons.map((b) => b.title),
				`${at(actionPath, 'buttons')} titles`,
			);
			return;
		}
		case 'list': {
			header(value, path, ['text'], false);
			textBlock(value, 'body', path, 4096, true);
			string(action, 'button', actionPath, 20);
			const sections = array(action, 'sections', actionPath, 1, 10);
			const rowIds = sections.flatMap((item, i) => {
				const sectionPath = at(at(actionPath, 'sections'), i);
				const section = element(item, sectionPath);
				if (sections.length > 1) string(section, 'title', sectionPath, 24);
				else optionalString(section, 'title', sectionPath, 24);
				return array(section, 'rows', sectionPath, 1, 10).map((rowItem, j) => {
					const rowPath = at(at(sectionPath, 'rows'), j);
					const row = element(rowItem, rowPath);
					string(row, 'title', rowPath, 24);
					optionalString(row, 'description', rowPath, 72);
					return string(row, 'id', rowPath, 200);
				});
			});
			if (rowIds.length > 10) {
				throw new Violation(131009, `Param ${at(actionPath, 'sections')} must have at most 10 rows in total.`);
			}
			unique(rowIds, `${at(actionPath, 'sections')} row ids`);
			return;
		}
		case 'cta_url': {
			header(value, path, mediaHeaders, false);
			textBlock(value, 'body', path, 1024, true);
			actionName(action, actionPath, 'cta_url');
			const parameters = object(action, 'parameters', actionPath);
			string(parameters, 'display_text', at(actionPath, 'parameters'), 20);
			webLink(parameters, 'url', at(actionPath, 'parameters'));
			return;
		}
		case 'flow': {
			header(value, path, mediaHeaders, false);
			textBlock(value, 'body', path, 1024, true);
			actionName(action, actionPath, 'flow');
			const parametersPath = at(actionPath, 'parameters');
			const parameters = object(action, 'parameters', actionPath);
			string(parameters, 'flow_message_version', parametersPath);
			string(parameters, 'flow_cta', parametersPath, 30);
			const hasId = parameters.flow_id !== undefined;
			if (hasId === (parameters.flow_name !== undefined)) {
				throw new Violation(131009, `Param ${parametersPath} must have exactly one of 'flow_id' and 'flow_name'.`);
			}
			string(parameters, hasId ? 'flow_id' : 'flow_name', parametersPath);
			if (parameters.mode !== undefined) oneOf(parameters, 'mode', parametersPath, ['draft', 'published']);
			if (parameters.flow_action !== undefined) {
				oneOf(parameters, 'flow_action', parametersPath, ['navigate', 'data_exchange']);
			}
			return;
		}
		case 'location_request_message':
			textBlock(value, 'body', path, 1024, true);
			actionName(action, actionPath, 'send_location');
			return;
		case 'product':
			textBlock(value, 'body', path, 1024, false);
			string(action, 'catalog_id', actionPath);
			string(action, 'product_retailer_id', actionPath);
			return;
		case 'product_list': {
			header(value, path, ['text'], true);
			textBlock(value, 'body', path, 1024, true);
			string(action, 'catalog_id', actionPath);
			const items = array(action, 'sections', actionPath, 1, 10).flatMap((item, i) => {
				const sectionPath = at(at(actionPath, 'sections'), i);
				const section = element(item, sectionPath);
				string(section, 'title', sectionPath, 24);
				return array(section, 'product_items', sectionPath, 1, 30).map((productItem, j) => {
					const itemPath = at(at(sectionPath, 'product_items'), j);
					return string(element(productItem, itemPath), 'product_retailer_id', itemPath);
				});
			});
			if (items.length > 30) {
				throw new Violation(131009, `Param ${at(actionPath, 'sections')} must have at most 30 products in total.`);
			}
		}
	}
}

function template(value: Rec, path: string, rules: MessageRules): { name: string; language: string } {
	const name = string(value, 'name', path, 512);
	const language = string(object(value, 'language', path), 'code', at(path, 'language'));
	if (value.components !== undefined) {
		if (!Array.isArray(value.components)) throw new Violation(100, `Param ${at(path, 'components')} must be an array.`);
		value.components.forEach((item, i) => {
			const componentPath = at(at(path, 'components'), i);
			string(element(item, componentPath), 'type', componentPath);
		});
	}
	if (!rules.templateExists(name, language)) {
		throw new Violation(132001, `template name (${name}) does not exist in ${language}`);
	}
	return { name, language };
}

function markAsRead(body: Rec): ReadRequest {
	onlyKeys(body, ['messaging_product', 'status', 'message_id', 'typing_indicator'], '');
	oneOf(body, 'status', '', ['read']);
	const messageId = string(body, 'message_id', '');
	if (body.typing_indicator !== undefined) {
		const typing = object(body, 'typing_indicator', '');
		oneOf(typing, 'type', 'typing_indicator', ['text']);
	}
	return { kind: 'read', messageId, typing: body.typing_indicator !== undefined };
}

function recipientOf(body: Rec): { to: string | null; recipient: string | null; group: boolean } {
	const to = optionalString(body, 'to', '');
	const recipient = optionalString(body, 'recipient', '');
	if (!to && !recipient) throw new Violation(131008, 'The parameter to is required.');
	const group =
		body.recipient_type !== undefined && oneOf(body, 'recipient_type', '', ['individual', 'group']) === 'group';
	if (to && !group && !/^[+\d\s()-]*\d[\d\s()-]*$/.test(to)) {
		throw new Violation(100, 'Param to must be a phone number in international format.');
	}
	return { to: to || null, recipient: recipient || null, group };
}

function message(body: Rec, rules: MessageRules): MessageRequest {
	const type: MessageType = body.type === undefined ? 'text' : oneOf(body, 'type', '', messageTypes);
	onlyKeys(
		body,
		['messaging_product', 'recipient_type', 'to', 'recipient', 'type', 'context', 'biz_opaque_callback_data', type],
		'',
	);
	const { to, recipient, group } = recipientOf(body);
	if (body.context !== undefined) {
		const context = object(body, 'context', '');
		onlyKeys(context, ['message_id'], 'context');
		string(context, 'message_id', 'context');
	}
	const referenceId = optionalString(body, 'biz_opaque_callback_data', '', rules.referenceMaxLength);
	let templateRef: MessageRequest['template'] = null;
	switch (type) {
		case 'text': {
			const text = object(body, 'text', '');
			onlyKeys(text, ['body', 'preview_url'], 'text');
			string(text, 'body', 'text', 4096);
			optionalBoolean(text, 'preview_url', 'text');
			break;
		}
		case 'location':
			location(object(body, 'location', ''), 'location');
			break;
		case 'contacts':
			contacts(body);
			break;
		case 'interactive':
			interactive(object(body, 'interactive', ''), 'interactive');
			break;
		case 'template':
			templateRef = template(object(body, 'template', ''), 'template', rules);
			break;
		case 'reaction':
			reaction(object(body, 'reaction', ''), 'reaction');
			break;
		default:
			media(object(body, type, ''), type, type);
	}
	return { kind: 'message', type, to, recipient, group, referenceId, template: templateRef };
}

export function checkSendRequest(body: unknown, rules: MessageRules): CheckedRequest {
	try {
		if (!isRecord(body)) throw new Violation(100, 'The request body must be a JSON object.');
		oneOf(body, 'messaging_product', '', ['whatsapp']);
		const request = body.status !== undefined ? markAsRead(body) : message(body, rules);
		return { ok: true, request };
	} catch (error) {
		return refusal(error);
	}
}

function refusal(error: unknown): CheckedRequest {
	if (error instanceof Violation) return { ok: false, code: error.code, details: error.details };
	throw error;
}
