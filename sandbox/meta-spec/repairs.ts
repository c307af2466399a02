/**
 * What this project changes in Meta's OpenAPI file (business-messaging-api_v23.0.yaml, see
 * SOURCE.md) when it loads it. Read as written, the spec refuses every one of its own 66 example
 * bodies; and it lacks parts that Meta documents on its pages. Each entry says what it changes and
 * which Meta page, or which example of the spec itself, justifies it. Meta's pages named here are
 * under https://developers.facebook.com/documentation/business-messaging/whatsapp/.
 *
 * Conventions: JSON Schema 2020-12 as OpenAPI 3.1 uses it. `discriminator` is OpenAPI's
 * annotation, which JSON Schema ignores; where the spec relies on it to pick a branch, the
 * branch is wired here with if/then on the `type` property, so that a wrong body fails on the
 * branch its type names (and the error names the right parameter).
 */

export interface Schema {
	[keyword: string]: unknown;
}

export interface Repair {
	/** What the repair changes. */
	change: string;
	/** The Meta page, or the spec's own example, that justifies it. */
	source: string;
	apply: (schemas: Record<string, Schema>) => void;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const string = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const textObject = (maxLength: number): Schema => ({
	type: 'object',
	required: ['text'],
	properties: { text: string({ minLength: 1, maxLength }) },
});

/** `if` the tag property has this value `then` the schema: the discriminator, as JSON Schema reads it. */
function when(tag: string, value: string, then: Schema, tagOptional = false): Schema {
	return {
		if: { properties: { [tag]: { const: value } }, ...(tagOptional ? {} : { required: [tag] }) },
		then,
	};
}

function properties(schema: Schema): Record<string, Schema> {
	return schema.properties as Record<string, Schema>;
}

/** The second allOf branch of a `XMessage: allOf [BaseMessageProperties, {…}]` schema. */
function ownPart(schemas: Record<string, Schema>, name: string): Schema {
	return (schemas[name].allOf as Schema[])[1];
}

/** Rewrites every `$ref` (and discriminator mapping) inside a schema from one name to another. */
function renameRefs(node: unknown, renames: Record<string, string>): void {
	if (Array.isArray(node)) {
		node.forEach((item) => renameRefs(item, renames));
		return;
	}
	if (typeof node !== 'object' || node === null) return;
	const record = node as Record<string, unknown>;
	for (const [key, value] of Object.entries(record)) {
		const target =
			typeof value === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(value)?.[1] : undefined;
		if (target !== undefined && renames[target] !== undefined)
			record[key] = `#/components/schemas/${renames[target]}`;
		else renameRefs(value, renames);
	}
}

/** The send-side schema of each message type, as the spec's Message discriminator maps them. */
const sendSchemas: Record<string, string> = {
	text: 'TextMessage',
	image: 'ImageMessage',
	audio: 'AudioMessage',
	video: 'VideoMessage',
	document: 'DocumentMessage',
	sticker: 'StickerMessage',
	location: 'LocationMessage',
	contacts: 'ContactsMessage',
	interactive: 'InteractiveMessage',
	template: 'TemplateMessage',
	reaction: 'ReactionMessage',
};

/** A media object of a message: exactly one of `id` and `link`, and only the keys its type takes. */
function mediaObject(extras: Record<string, Schema>): Schema {
	return {
		type: 'object',
		properties: { id: string({ minLength: 1 }), link: string({ format: 'url' }), ...extras },
		additionalProperties: false,
		oneOf: [{ required: ['id'] }, { required: ['link'] }],
	};
}
const caption = string({ maxLength: 1024 });

const interactiveHeader = (types: string[]): Schema => ({ properties: { type: { enum: types } } });
const mediaHeaders = ['text', 'image', 'video', 'document'];

/** The spec's ActionObject lists each interactive kind's action as one oneOf branch, in this order. */
const actionBranch = {
	list: 0,
	button: 1,
	catalog: 2,
	catalogMessage: 3,
	flow: 4,
	callPermission: 5,
};

export const repairs: Repair[] = [
	{
		change:
			'Webhook message schemas point at the send-side schemas of the same name (TextMessage, BaseMessageProperties, ContactObject, …): they take their webhook namesakes (TextMessage_2, BaseMessageProperties_1, ContactObject_1, …).',
		source:
			"The spec's own /whatsapp/webhooks examples (e.g. 'Text Message': a message without messaging_product, which the send-side BaseMessageProperties requires).",
		apply(schemas) {
			const renames: Record<string, string> = {
				BaseMessageProperties: 'BaseMessageProperties_1',
				TextMessage: 'TextMessage_2',
				ReactionMessage: 'ReactionMessage_1',
				AudioMessage: 'AudioMessage_1',
				DocumentMessage: 'DocumentMessage_1',
				ImageMessage: 'ImageMessage_1',
				StickerMessage: 'StickerMessage_1',
				VideoMessage: 'VideoMessage_1',
				LocationMessage: 'LocationMessage_1',
				ContactObject: 'ContactObject_1',
				ErrorObject: 'ErrorObject_2',
			};
			const webhookSchemas = [
				'IncomingMessage',
				'SystemMessage',
				'ContactSharingMessage',
				'UnsupportedMessage',
				'ButtonMessage',
				'InteractiveMessageReply',
				'OrderMessage',
				...Object.values(renames).filter(
					(name) => !['ContactObject_1', 'ErrorObject_2'].includes(name),
				),
			];
			webhookSchemas.forEach((name) => renameRefs(schemas[name], renames));
		},
	},
	{
		change:
			"A webhook change's value is checked by its field: `messages` takes inbound messages, system messages, statuses and app-level errors (any of them, as one POST may carry several kinds), and `standby` carries the same parts nested in `value.standby` (the conversations a Meta Business Agent holds, and echoes of the agent's replies); the group fields take group events (the participants field is `group_participants_update`, and group timestamps are strings); `message_template_status_update` has its own value; the other fields Meta documents are accepted as objects.",
		source:
			"Meta's 'Webhooks overview' (the list of webhook fields; batched updates), 'Webhook overrides' (group_participants_update, standby, messaging_handovers), 'Standby webhooks' (messages, statuses and echoes of the conversation the agent holds, nested in `standby`), 'message_template_status_update webhook reference' and 'Errors messages webhooks reference' (a value with errors only); the spec's own group examples (field group_participants_update, timestamps as strings like every webhook timestamp).",
		apply(schemas) {
			schemas.TemplateStatusUpdateValue = {
				type: 'object',
				required: [
					'event',
					'message_template_id',
					'message_template_name',
					'message_template_language',
				],
				properties: {
					event: {
						enum: [
							'APPROVED',
							'REJECTED',
							'PENDING',
							'PAUSED',
							'DISABLED',
							'FLAGGED',
							'IN_APPEAL',
							'LIMIT_EXCEEDED',
							'LOCKED',
							'ARCHIVED',
							'UNARCHIVED',
							'DELETED',
							'PENDING_DELETION',
							'REINSTATED',
						],
					},
					message_template_id: { type: 'integer' },
					message_template_name: string(),
					message_template_language: string(),
					reason: { type: ['string', 'null'] },
				},
			};
			const change = schemas.Change;
			const field = properties(change).field;
			field.enum = [
				...(field.enum as string[]).map((name) =>
					name === 'group_participant_update' ? 'group_participants_update' : name,
				),
				'account_alerts',
				'account_review_update',
				'account_update',
				'automatic_events',
				'business_capability_update',
				'calls',
				'history',
				'message_echoes',
				'message_template_components_update',
				'message_template_quality_update',
				'message_template_status_update',
				'messaging_handovers',
				'partner_solutions',
				'payment_configuration_update',
				'phone_number_name_update',
				'phone_number_quality_update',
				'security',
				'smb_app_state_sync',
				'smb_message_echoes',
				'standby',
				'template_category_update',
				'user_preferences',
			];
			properties(schemas.Groups).timestamp = string();
			const systemErrors: Schema = {
				type: 'object',
				required: ['messaging_product', 'metadata', 'errors'],
				properties: {
					metadata: ref('Metadata'),
					errors: { type: 'array', minItems: 1, items: ref('StatusError') },
				},
			};
			// The agent's conversation comes nested in `value.standby`, with the parts a messages value has.
			const inbound = properties(schemas.IncomingMessageValueGeneral);
			const standbyValue: Schema = {
				type: 'object',
				required: ['messaging_product', 'metadata', 'standby'],
				properties: {
					metadata: ref('Metadata'),
					standby: {
						type: 'object',
						minProperties: 1,
						properties: {
							contacts: inbound.contacts,
							messages: inbound.messages,
							statuses: properties(schemas.StatusMessageValue).statuses,
							message_echoes: {
								type: 'array',
								minItems: 1,
								items: { type: 'object', required: ['id', 'timestamp', 'message'] },
							},
						},
					},
				},
			};
			const values = properties(change).value.oneOf as Schema[];
			properties(change).value = { type: 'object' };
			change.allOf = [
				when('field', 'messages', {
					properties: { value: { anyOf: [...values.slice(0, 3), systemErrors] } },
				}),
				when('field', 'standby', { properties: { value: standbyValue } }),
				...['group_lifecycle_update', 'group_settings_update', 'group_participants_update'].map(
					(name) => when('field', name, { properties: { value: values[3] } }),
				),
				when('field', 'message_template_status_update', {
					properties: { value: ref('TemplateStatusUpdateValue') },
				}),
			];
		},
	},
	{
		change:
			'Statuses: `played` is a status; `recipient_id` is optional (a message sent to a business-scoped user ID may have none); `biz_opaque_callback_data` (at most 512 characters) and the user-ID and group fields are typed.',
		source:
			"Meta's 'Status messages webhook reference' (biz_opaque_callback_data, recipient_user_id, recipient_participant_id), 'Audio messages' (played, since 2026-03-17), 'Business-scoped user IDs' (recipient_id omitted).",
		apply(schemas) {
			const statuses = schemas.Statuses;
			properties(statuses).status.enum = ['sent', 'delivered', 'read', 'played', 'failed'];
			statuses.required = ['id', 'status', 'timestamp'];
			Object.assign(properties(statuses), {
				biz_opaque_callback_data: string({ maxLength: 512 }),
				recipient_user_id: string(),
				recipient_parent_user_id: string(),
				recipient_type: string({ enum: ['individual', 'group'] }),
				recipient_participant_id: string(),
				recipient_participant_user_id: string(),
			});
		},
	},
	{
		change:
			'The context of an inbound message needs no `referred_product`: only a product inquiry has one.',
		source:
			"Meta's 'Messages webhook reference' (context: from and id on replies, referred_product on product inquiries, forwarded flags on forwards).",
		apply(schemas) {
			schemas.ContextObject.required = [];
		},
	},
	{
		change:
			'The `type` of a send names the schema to check (if/then instead of the discriminator); an omitted type is `text`. The `allOf` branches of each message type close the body with `additionalProperties: false`, which refuses `messaging_product` and `to` from the other branch: the whole message is closed with `unevaluatedProperties: false` instead.',
		source:
			"The spec's /messages examples (every one has messaging_product and to); Meta's 'Send messages' page (type: default text) and 'Error codes' (100: an unsupported parameter).",
		apply(schemas) {
			schemas.Message = {
				type: 'object',
				properties: { type: { enum: Object.keys(sendSchemas) } },
				allOf: Object.keys(sendSchemas).map((type) =>
					when('type', type, ref(sendSchemas[type]), type === 'text'),
				),
			};
			for (const name of Object.values(sendSchemas)) {
				delete ownPart(schemas, name).additionalProperties;
				schemas[name].unevaluatedProperties = false;
			}
		},
	},
	{
		change:
			'The envelope of a send: only `messaging_product` ("whatsapp") is required; `recipient_type` defaults to individual and `type` to text; `to` or `recipient` (a business-scoped user ID) names the recipient; `biz_opaque_callback_data` is a string of at most 512 characters; a `context` needs its `message_id`.',
		source:
			"Meta's 'Send messages' page (request syntax, recipient_type default individual, context), 'Business-scoped user IDs' (recipient), Messages reference (biz_opaque_callback_data: 'Maximum 512 characters'); the spec's own 'Send Test Message' example (no recipient_type).",
		apply(schemas) {
			const base = schemas.BaseMessageProperties;
			base.required = ['messaging_product'];
			base.anyOf = [{ required: ['to'] }, { required: ['recipient'] }];
			Object.assign(properties(base), {
				messaging_product: string({ enum: ['whatsapp'] }),
				to: string({ minLength: 1 }),
				recipient: string({ minLength: 1 }),
				biz_opaque_callback_data: string({ maxLength: 512 }),
			});
			Object.assign(schemas.MessageContext, {
				required: ['message_id'],
				additionalProperties: false,
			});
			properties(schemas.MessageContext).message_id = string({ minLength: 1 });
		},
	},
	{
		change: 'A text needs its `body`, up to 4096 characters.',
		source: "Meta's 'Text messages' page (body: required, maximum 4096 characters).",
		apply(schemas) {
			const text = properties(ownPart(schemas, 'TextMessage')).text;
			text.required = ['body'];
			properties(text).body = string({ minLength: 1, maxLength: 4096 });
		},
	},
	{
		change:
			'Media objects: exactly one of `id` and `link`; `caption` (up to 1024 characters) on images, videos and documents, `filename` on documents, `voice` on audio, nothing else on stickers.',
		source:
			"Meta's 'Image messages', 'Video messages', 'Document messages', 'Audio messages' (voice) and 'Sticker messages' pages.",
		apply(schemas) {
			const extras: Record<string, Record<string, Schema>> = {
				image: { caption },
				video: { caption },
				document: { caption, filename: string() },
				audio: { voice: { type: 'boolean' } },
				sticker: {},
			};
			for (const [type, extra] of Object.entries(extras))
				properties(ownPart(schemas, sendSchemas[type]))[type] = mediaObject(extra);
		},
	},
	{
		change:
			'Latitude and longitude are numbers (the spec types them as strings), both required, within ±90 and ±180.',
		source:
			"The spec's own 'Send Location Message' example (latitude 37.758056) and Meta's 'Location messages' page.",
		apply(schemas) {
			const location = properties(ownPart(schemas, 'LocationMessage')).location;
			location.required = ['latitude', 'longitude'];
			properties(location).latitude = { type: 'number', minimum: -90, maximum: 90 };
			properties(location).longitude = { type: 'number', minimum: -180, maximum: 180 };
		},
	},
	{
		change:
			'A contact needs `name.formatted_name`; phone types include CELL, MAIN and IPHONE besides HOME and WORK.',
		source:
			"Meta's 'Contacts messages' page (formatted_name required); Meta's WhatsApp Node.js SDK (PhoneObject type CELL, MAIN, IPHONE, HOME, WORK).",
		apply(schemas) {
			schemas.ContactObject.required = ['name'];
			schemas.NameObject.required = ['formatted_name'];
			properties(schemas.NameObject).formatted_name = string({ minLength: 1 });
			properties(schemas.PhoneObject).type = string({
				enum: ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK'],
			});
		},
	},
	{
		change: 'A reaction needs `message_id` and `emoji` (an empty emoji removes the reaction).',
		source: "Meta's 'Reaction messages' page.",
		apply(schemas) {
			const reaction = properties(ownPart(schemas, 'ReactionMessage')).reaction;
			reaction.required = ['message_id', 'emoji'];
			properties(reaction).message_id = string({ minLength: 1 });
		},
	},
	{
		change:
			"Interactive messages: `cta_url` and `location_request_message` are kinds too; each kind is checked against its own action (the branch of the spec's ActionObject for it), header types and body limit.",
		source:
			"Meta's 'Interactive reply buttons messages', 'Interactive list messages' (body up to 4096, text header only), 'Interactive CTA URL messages', 'Location request messages', 'Single-product messages', 'Multi-product messages' (header required) and 'Sending a Flow' pages.",
		apply(schemas) {
			const interactive = schemas.InteractiveObject;
			const branches = (schemas.ActionObject.oneOf as Schema[]).map((branch) => ({
				type: 'object',
				...branch,
			}));
			const kinds: Record<string, Schema> = {
				button: {
					header: interactiveHeader(mediaHeaders),
					body: textObject(1024),
					action: branches[actionBranch.button],
					required: ['body'],
				},
				list: {
					header: interactiveHeader(['text']),
					body: textObject(4096),
					action: branches[actionBranch.list],
					required: ['body'],
				},
				cta_url: {
					header: interactiveHeader(mediaHeaders),
					body: textObject(1024),
					action: {
						type: 'object',
						required: ['name', 'parameters'],
						properties: {
							name: { const: 'cta_url' },
							parameters: {
								type: 'object',
								required: ['display_text', 'url'],
								properties: {
									display_text: string({ minLength: 1, maxLength: 20 }),
									url: string({ format: 'url' }),
								},
							},
						},
					},
					required: ['body'],
				},
				flow: {
					header: interactiveHeader(mediaHeaders),
					body: textObject(1024),
					action: branches[actionBranch.flow],
					required: ['body'],
				},
				location_request_message: {
					body: textObject(1024),
					action: {
						type: 'object',
						required: ['name'],
						properties: { name: { const: 'send_location' } },
					},
					required: ['body'],
				},
				product: {
					body: textObject(1024),
					action: {
						...branches[actionBranch.catalog],
						required: ['catalog_id', 'product_retailer_id'],
					},
					required: [],
				},
				product_list: {
					header: interactiveHeader(['text']),
					body: textObject(1024),
					action: { ...branches[actionBranch.catalog], required: ['catalog_id', 'sections'] },
					required: ['header', 'body'],
				},
				catalog_message: {
					body: textObject(1024),
					action: branches[actionBranch.catalogMessage],
					required: ['body'],
				},
				call_permission_request: {
					body: textObject(1024),
					action: branches[actionBranch.callPermission],
					required: ['body'],
				},
			};
			properties(interactive).type = string({ enum: Object.keys(kinds) });
			properties(interactive).body = { type: 'object' };
			properties(interactive).action = { type: 'object' };
			interactive.allOf = Object.entries(kinds).map(([kind, { required, ...parts }]) =>
				when('type', kind, { required, properties: parts }),
			);
		},
	},
	{
		change:
			'Templates: `language.policy` is optional; a button\'s `index` is its position 0 to 9, as a string or a number (the spec\'s pattern `^[2-6, 11-14]$` refuses "0"); sub-types copy_code, flow, mpm and CATALOG, components limited_time_offer and carousel, header and body parameters location and product and `parameter_name`, button parameters coupon_code, action and limited_time_offer.',
		source:
			"The spec's own examples ('Send Test Message': no policy; 'Send Message Template Interactive': index \"0\"; 'Send Catalog Template Message': sub_type CATALOG, index 0; 'Send Flow Template Message': an action parameter); Meta's 'Template messages', 'Coupon code templates', 'Limited-time offer templates', 'Media card carousel templates', 'Multi-product message templates' and 'Named parameters' pages.",
		apply(schemas) {
			schemas.LanguageObject.required = ['code'];
			const component = schemas.TemplateComponent;
			const own = properties(component);
			own.type.enum = ['header', 'body', 'button', 'limited_time_offer', 'carousel'];
			own.sub_type.enum = ['quick_reply', 'url', 'catalog', 'CATALOG', 'copy_code', 'flow', 'mpm'];
			own.index = {
				anyOf: [string({ pattern: '^[0-9]$' }), { type: 'integer', minimum: 0, maximum: 9 }],
			};
			own.parameters = {
				type: 'array',
				items: { type: 'object', required: ['type'], properties: { type: string() } },
			};
			const parameter = schemas.ParameterObject;
			properties(parameter).type.enum = [
				...(properties(parameter).type.enum as string[]),
				'location',
				'product',
			];
			properties(parameter).parameter_name = string({ minLength: 1 });
			schemas.LocationParameter = {
				type: 'object',
				required: ['location'],
				properties: {
					location: {
						type: 'object',
						required: ['latitude', 'longitude'],
						properties: {
							latitude: { type: 'number' },
							longitude: { type: 'number' },
							name: string(),
							address: string(),
						},
					},
				},
			};
			schemas.ProductParameter = {
				type: 'object',
				required: ['product'],
				properties: {
					product: { type: 'object', required: ['product_retailer_id', 'catalog_id'] },
				},
			};
			const parameterKinds: Record<string, string> = {
				currency: 'CurrencyParameter',
				date_time: 'DateTimeParameter',
				document: 'DocumentParameter',
				image: 'ImageParameter',
				text: 'TextParameter',
				video: 'VideoParameter',
				location: 'LocationParameter',
				product: 'ProductParameter',
			};
			const parameterByType: Schema = {
				$ref: '#/components/schemas/ParameterObject',
				allOf: Object.entries(parameterKinds).map(([kind, name]) => when('type', kind, ref(name))),
			};
			const buttonParameter = schemas.ButtonParameterObject;
			properties(buttonParameter).type.enum = ['payload', 'text', 'coupon_code', 'action'];
			const buttonParameterByType: Schema = {
				$ref: '#/components/schemas/ButtonParameterObject',
				allOf: [
					when('type', 'payload', ref('ButtonPayloadParameter')),
					when('type', 'text', ref('ButtonTextParameter')),
					when('type', 'coupon_code', {
						required: ['coupon_code'],
						properties: { coupon_code: string({ minLength: 1, maxLength: 15 }) },
					}),
					when('type', 'action', {
						required: ['action'],
						properties: { action: { type: 'object' } },
					}),
				],
			};
			const parametersOf = (items: Schema, minItems = 0): Schema => ({
				properties: { parameters: { type: 'array', minItems, items } },
			});
			schemas.TemplateComponentByType = {
				$ref: '#/components/schemas/TemplateComponent',
				allOf: [
					when('type', 'header', parametersOf(parameterByType, 1)),
					when('type', 'body', parametersOf(parameterByType)),
					when('type', 'button', {
						required: ['sub_type', 'index'],
						...parametersOf(buttonParameterByType),
					}),
					when('type', 'limited_time_offer', {
						required: ['parameters'],
						...parametersOf(
							{
								type: 'object',
								required: ['type', 'limited_time_offer'],
								properties: {
									type: { const: 'limited_time_offer' },
									limited_time_offer: {
										type: 'object',
										required: ['expiration_time_ms'],
										properties: { expiration_time_ms: { type: 'integer' } },
									},
								},
							},
							1,
						),
					}),
					when('type', 'carousel', {
						required: ['cards'],
						properties: {
							cards: {
								type: 'array',
								minItems: 1,
								maxItems: 10,
								items: {
									type: 'object',
									required: ['card_index', 'components'],
									properties: {
										card_index: { type: 'integer', minimum: 0, maximum: 9 },
										components: { type: 'array', items: ref('TemplateComponentByType') },
									},
								},
							},
						},
					}),
				],
			};
			properties(schemas.TemplateObject).name = string({ minLength: 1, maxLength: 512 });
			properties(schemas.TemplateObject).components = {
				type: 'array',
				items: ref('TemplateComponentByType'),
			};
			properties(schemas.LanguageObject).code = string({ minLength: 1 });
		},
	},
	{
		change:
			'`POST /{phone-number-id}/messages` also marks a message as read: a body with `status` is checked against MarkMessageRequestPayload (which the spec defines but never wires), with `status` "read" and the optional `typing_indicator`.',
		source:
			"The spec's own example 'Send typing indicator and read receipt'; Meta's 'Mark messages as read' and 'Typing indicators' pages.",
		apply(schemas) {
			const read = schemas.MarkMessageRequestPayload;
			read.additionalProperties = false;
			Object.assign(properties(read), {
				messaging_product: string({ enum: ['whatsapp'] }),
				status: string({ enum: ['read'] }),
				message_id: string({ minLength: 1 }),
				typing_indicator: {
					type: 'object',
					required: ['type'],
					properties: { type: string({ enum: ['text'] }) },
					additionalProperties: false,
				},
			});
			schemas.MessagesRequest = {
				type: 'object',
				if: { required: ['status'] },
				then: ref('MarkMessageRequestPayload'),
				else: ref('Message'),
			};
		},
	},
];
