import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { WEBHOOK_CREDENTIAL } from './description';
import { MAX_BODY_BYTES, readEnvelope, type ParsedRequest } from './envelope';
import { flattenWebhook, parsePhoneNumberIds, type FlattenOptions } from './flatten';
import { answerHandshake } from './handshake';
import { requiresSignature, UNSIGNED_REFUSAL } from './require-signature';
import { checkRequestSignature, signatureRuleFor } from './signature';

/**
 * WhatsApp Trigger's `webhook()`: the GET handshake, or a POST checked in order (signature
 * setting, size, signature over the raw bytes, envelope of the body n8n parsed) and flattened
 * into one item per update.
 * A refused POST is answered here, with the reason, and starts nothing.
 */
export async function receiveWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials(WEBHOOK_CREDENTIAL);

	if (this.getWebhookName() === 'setup') {
		const verifyToken = typeof credentials.verifyToken === 'string' ? credentials.verifyToken : '';
		const answer = answerHandshake(this.getQueryData() as Record<string, unknown>, verifyToken);
		return answer.accepted
			? respond(this, 200, answer.challenge)
			: reject(this, 403, 'Verification request refused');
	}

	if (requiresSignature(this) && signatureRuleFor(credentials).check === 'none') {
		return reject(this, 401, UNSIGNED_REFUSAL);
	}
	const request = this.getRequestObject() as ParsedRequest & { rawBody?: Buffer };
	const rawBody = request.rawBody ?? Buffer.alloc(0);
	if (rawBody.length > MAX_BODY_BYTES) {
		return reject(
			this,
			413,
			`Body is ${rawBody.length} bytes; WhatsApp Trigger takes at most ${MAX_BODY_BYTES} (Meta sends at most 3 MB)`,
		);
	}
	const signature = checkRequestSignature(credentials, this.getHeaderData(), rawBody);
	if (!signature.accepted) {
		return reject(this, 401, signature.reason);
	}

	const envelope = readEnvelope(request, rawBody);
	if (!envelope.ok) {
		return reject(this, 400, envelope.reason);
	}

	const items = flattenWebhook(envelope.body, flattenOptions(this));
	if (items.length === 0) {
		return respond(this, 200, 'No matching events');
	}
	return { workflowData: [items.map((json) => ({ json }))] };
}

function respond(
	context: IWebhookFunctions,
	statusCode: number,
	text: string,
): IWebhookResponseData {
	context.getResponseObject().status(statusCode).type('text/plain').send(text);
	return { noWebhookResponse: true };
}

function reject(
	context: IWebhookFunctions,
	statusCode: number,
	reason: string,
): IWebhookResponseData {
	context.logger.warn(`WhatsApp Trigger answered ${statusCode}: ${reason}`);
	return respond(context, statusCode, reason);
}

function flattenOptions(context: IWebhookFunctions): FlattenOptions {
	const options = context.getNodeParameter('options', {}) as {
		parseReferenceJson?: boolean;
		phoneNumberIds?: string;
		includeRaw?: boolean;
	};
	return {
		events: context.getNodeParameter('events', []) as string[],
		statuses: context.getNodeParameter('statuses', []) as string[],
		phoneNumberIds: parsePhoneNumberIds(options.phoneNumberIds ?? ''),
		parseReferenceJson: options.parseReferenceJson === true,
		// Versions 1 and 1.1 always carried raw, and their saved workflows may read it.
		omitRaw: context.getNode().typeVersion >= 1.2 && options.includeRaw !== true,
	};
}
