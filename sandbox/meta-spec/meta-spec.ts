/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- the sandbox is a Node program, never loaded by n8n */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/repo-root';
import { repairs, type Schema } from './repairs';

/**
 * Meta's OpenAPI file for the Cloud API (see SOURCE.md), with the repairs of repairs.ts, as the
 * judge of request bodies and webhooks. A body the spec refuses gets the answer Meta gives: 131008
 * for a missing parameter, 131009 for a value Meta refuses, 100 for a wrong JSON type, an
 * unexpected key or a length over Meta's limit; the details name the parameter in Meta's notation,
 * text['body'].
 */

export const META_SPEC_FILE = 'business-messaging-api_v23.0.yaml';

export interface MetaSpecDocument {
	info: { version: string };
	paths: Record<string, Record<string, { requestBody?: { content: Record<string, MediaType> } }>>;
	components: { schemas: Record<string, Schema> };
}
interface MediaType {
	schema: Schema;
	examples?: Record<string, { value: unknown }>;
}

export type SpecVerdict =
	| { ok: true }
	| { ok: false; code: 100 | 131008 | 131009; details: string };

/** The spec as Meta publishes it, parsed (js-yaml: a quarter of the time of the other parsers). */
export function readMetaSpec(): MetaSpecDocument {
	return load(
		readFileSync(join(repoRoot(), 'sandbox', 'meta-spec', META_SPEC_FILE), 'utf8'),
	) as MetaSpecDocument;
}

interface Validators {
	messagesRequest: ValidateFunction;
	webhookPayload: ValidateFunction;
}
let validators: Validators | undefined;

/** Parsing and compiling take a second or two, so it happens once per process, on first use. */
function compiled(): Validators {
	if (validators !== undefined) return validators;
	const { schemas } = readMetaSpec().components;
	for (const repair of repairs) repair.apply(schemas);
	// strict: false lets OpenAPI's own keywords (example, discriminator, format: int32 …) through.
	const ajv = new Ajv2020({ strict: false, verbose: true });
	// ajv-formats' fast mode: Meta does not say how strictly it reads emails and URIs.
	addFormats(ajv, { mode: 'fast' });
	// OpenAPI's `format: url`, which JSON Schema does not define: Meta fetches links over http(s).
	ajv.addFormat('url', /^https?:\/\/[^\s/?#]+\S*$/i);
	ajv.addSchema({ $id: 'meta', components: { schemas } });
	validators = {
		messagesRequest: ajv.compile({ $ref: 'meta#/components/schemas/MessagesRequest' }),
		webhookPayload: ajv.compile({ $ref: 'meta#/components/schemas/WebhookPayload' }),
	};
	return validators;
}

/** Loads the spec now, so that no request waits for it (a sandbox calls this before it listens). */
export function prepareMetaSpec(): void {
	compiled();
}

/** A `POST /{phone-number-id}/messages` body: a message of any type, or mark as read. */
export function checkMessagesRequest(body: unknown): SpecVerdict {
	const validate = compiled().messagesRequest;
	return validate(body) ? { ok: true } : verdictOf(validate.errors ?? []);
}

/** A webhook POST body as Meta sends it to the callback URL. */
export function checkWebhookPayload(body: unknown): SpecVerdict {
	const validate = compiled().webhookPayload;
	return validate(body) ? { ok: true } : verdictOf(validate.errors ?? []);
}

/** `/interactive/action/buttons/0` → `interactive['action']['buttons'][0]`. */
function metaPath(instancePath: string, key?: string | number): string {
	const segments = instancePath
		.split('/')
		.slice(1)
		.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
	if (key !== undefined) segments.push(String(key));
	return segments
		.map((segment, i) =>
			i === 0 ? segment : /^\d+$/.test(segment) ? `[${segment}]` : `['${segment}']`,
		)
		.join('');
}

const applicators = new Set(['if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not', '$ref']);
const typeNames: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	integer: 'an integer',
	boolean: 'a boolean',
	array: 'an array',
	object: 'a JSON object',
	null: 'null',
};

/**
 * Ajv lists the failing keywords first and the applicators around them (if, allOf, oneOf…) after.
 * Two shapes get a sentence of their own: alternatives none of which is there ("id or link is
 * required"), and alternatives of which more than one is ("either id or link, not both").
 */
function verdictOf(errors: ErrorObject[]): SpecVerdict {
	const tooMany = errors.find(
		(error) => error.keyword === 'oneOf' && Array.isArray(error.params.passingSchemas),
	);
	if (tooMany !== undefined) {
		const names = (tooMany.schema as Schema[]).map(
			(branch) => `'${String((branch.required as string[] | undefined)?.[0])}'`,
		);
		return {
			ok: false,
			code: 131009,
			details: `Param ${metaPath(tooMany.instancePath)} must have either ${names.join(' or ')}, not both.`,
		};
	}
	// Where alternatives all fail (anyOf, oneOf), the one that got deepest into the body is meant.
	const depth = (error: ErrorObject) => error.instancePath.split('/').length;
	const leaf =
		errors
			.filter((error) => !applicators.has(error.keyword))
			.reduce<
				ErrorObject | undefined
			>((deepest, error) => (deepest === undefined || depth(error) > depth(deepest) ? error : deepest), undefined) ??
		errors[0];
	if (leaf === undefined) return { ok: false, code: 100, details: 'The request is invalid.' };
	const path = metaPath(leaf.instancePath);
	const params = leaf.params as Record<string, unknown>;
	switch (leaf.keyword) {
		case 'required': {
			const alternatives = /\/(?:oneOf|anyOf)\/\d+\/required$/.test(leaf.schemaPath)
				? errors.filter(
						(error) => error.keyword === 'required' && error.instancePath === leaf.instancePath,
					)
				: [leaf];
			const names = alternatives.map((error) =>
				metaPath(leaf.instancePath, String(error.params.missingProperty)),
			);
			return {
				ok: false,
				code: 131008,
				details: `The parameter ${names.join(' or ')} is required.`,
			};
		}
		case 'minLength':
			if (leaf.data === '')
				return { ok: false, code: 131008, details: `The parameter ${path} is required.` };
			return {
				ok: false,
				code: 100,
				details: `Param ${path} must be at least ${String(params.limit)} characters long.`,
			};
		case 'maxLength':
			return {
				ok: false,
				code: 100,
				details: `Param ${path} must be at most ${String(params.limit)} characters long.`,
			};
		case 'type': {
			if (path === '')
				return { ok: false, code: 100, details: 'The request body must be a JSON object.' };
			const types = String(params.type)
				.split(',')
				.map((type) => typeNames[type] ?? type);
			return { ok: false, code: 100, details: `Param ${path} must be ${types.join(' or ')}.` };
		}
		case 'additionalProperties':
		case 'unevaluatedProperties': {
			const key = String(params.additionalProperty ?? params.unevaluatedProperty);
			return {
				ok: false,
				code: 100,
				details: `Unexpected key "${key}" on param ${path || 'body'}.`,
			};
		}
		case 'enum':
			return {
				ok: false,
				code: 131009,
				details: `Param ${path} must be one of {${(params.allowedValues as unknown[]).join(', ')}} - got ${JSON.stringify(leaf.data)}.`,
			};
		case 'const':
			return {
				ok: false,
				code: 131009,
				details: `Param ${path} must be ${JSON.stringify(params.allowedValue)}.`,
			};
		case 'minItems':
			return {
				ok: false,
				code: 131009,
				details: `Param ${path} must have at least ${String(params.limit)} elements.`,
			};
		case 'maxItems':
			return {
				ok: false,
				code: 131009,
				details: `Param ${path} must have at most ${String(params.limit)} elements.`,
			};
		case 'minimum':
		case 'maximum':
			return {
				ok: false,
				code: 131009,
				details: `Param ${path} must be ${leaf.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}.`,
			};
		case 'format':
			return {
				ok: false,
				code: 131009,
				details: `Param ${path} must be a valid ${params.format === 'url' ? 'URL' : String(params.format)}.`,
			};
		default:
			return {
				ok: false,
				code: 131009,
				details: `Param ${path || 'body'} ${leaf.message ?? 'is invalid'}.`,
			};
	}
}
