/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- its tokens and secrets are made up for the sandbox */
import type { IHookFunctions, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { WhatsAppTrigger } from '../../../nodes/WhatsAppTrigger/WhatsAppTrigger.node';

export const TRIGGER_APP_SECRET = 'unit-app-secret-5f3c9a';
export const TRIGGER_VERIFY_TOKEN = 'unit-verify-token-81b2';

const trigger = new WhatsAppTrigger();

export interface TriggerCall {
	typeVersion?: number;
	webhookName?: 'setup' | 'default';
	query?: Record<string, unknown>;
	headers?: Record<string, unknown>;
	rawBody?: Buffer;
	/** The request as n8n's body parser leaves a JSON POST: Content-Type, charset and parsed body. */
	parsedByN8n?: { contentType: string; encoding: string; body: unknown };
	credentials?: Record<string, unknown>;
	parameters?: Record<string, unknown>;
}

export interface TriggerAnswer {
	result: IWebhookResponseData;
	response: { statusCode?: number; contentType?: string; body?: string };
	/** Every line the node logged, at any level. */
	logged: string[];
}

/** The trigger as n8n's hook and webhook contexts name it. */
export function triggerNode(typeVersion: number): INode {
	return {
		id: 'trigger-1',
		name: 'WhatsApp Trigger',
		type: 'n8n-nodes-whatsapp-reference.whatsAppTrigger',
		typeVersion,
		position: [0, 0],
		parameters: {},
	};
}

function recordingLogger(logged: string[]) {
	const record = (message: string, meta?: unknown) =>
		logged.push(meta === undefined ? message : `${message} ${JSON.stringify(meta)}`);
	return { debug: record, info: record, warn: record, error: record, verbose: record };
}

/** Runs the trigger's `webhook()` with a stand-in for n8n's webhook context; records answer and logs. */
export async function callTrigger(call: TriggerCall): Promise<TriggerAnswer> {
	const response: TriggerAnswer['response'] = {};
	const express = {
		status(code: number) {
			response.statusCode = code;
			return express;
		},
		type(contentType: string) {
			response.contentType = contentType;
			return express;
		},
		send(body: string) {
			response.body = body;
			return express;
		},
	};
	const logged: string[] = [];
	const parameters: Record<string, unknown> = {
		events: ['statuses'],
		statuses: [],
		options: {},
		registration: 'manual',
		...call.parameters,
	};
	const context = {
		getCredentials: async () =>
			call.credentials ?? { verifyToken: TRIGGER_VERIFY_TOKEN, appSecret: TRIGGER_APP_SECRET },
		getWebhookName: () => call.webhookName ?? 'default',
		getQueryData: () => call.query ?? {},
		getHeaderData: () => call.headers ?? {},
		getRequestObject: () => ({ rawBody: call.rawBody, ...call.parsedByN8n }),
		getResponseObject: () => express,
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getNode: () => triggerNode(call.typeVersion ?? 1.1),
		logger: recordingLogger(logged),
	} as unknown as IWebhookFunctions;
	const result = await trigger.webhook.call(context);
	return { result, response, logged };
}

/** The activation hooks of a Manual-registration trigger, with a recording logger. */
export function triggerHooks(setup: {
	typeVersion?: number;
	credentials: Record<string, unknown>;
	parameters?: Record<string, unknown>;
}) {
	const logged: string[] = [];
	const parameters: Record<string, unknown> = {
		events: ['statuses'],
		statuses: [],
		options: {},
		registration: 'manual',
		...setup.parameters,
	};
	const context = {
		getCredentials: async () => setup.credentials,
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getNodeWebhookUrl: () => 'http://127.0.0.1:5678/webhook/abc/webhook',
		getNode: () => triggerNode(setup.typeVersion ?? 1.1),
		logger: recordingLogger(logged),
		helpers: {
			httpRequestWithAuthentication: async () => {
				throw new Error('Manual registration calls Meta for nothing');
			},
		},
	} as unknown as IHookFunctions;
	const hooks = trigger.webhookMethods.default;
	return {
		logged,
		checkExists: async () => await hooks.checkExists.call(context),
		create: async () => await hooks.create.call(context),
	};
}

export function triggerDescription() {
	return trigger.description;
}
