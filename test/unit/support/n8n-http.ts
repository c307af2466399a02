import type { IHttpRequestOptions } from 'n8n-workflow';

/** Meta's refusal as an HTTP client throws it: the status and the body Meta sent. */
export interface HttpClientError {
	message: string;
	response: { status: number; data: unknown };
}

/**
 * What n8n's `httpRequestWithAuthentication` gives back for an answer, under the options of the
 * request: with `ignoreHttpStatusErrors` a refusal is an answer, not an error; with
 * `returnFullResponse` the status, headers and body come back, else the body alone.
 */
export async function answerAsN8n(
	request: IHttpRequestOptions,
	answer: () => unknown,
): Promise<unknown> {
	let statusCode = 200;
	let body: unknown;
	try {
		body = await answer();
	} catch (error) {
		const response = (error as Partial<HttpClientError>).response;
		if (response === undefined || request.ignoreHttpStatusErrors !== true) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the stand-in for n8n's helper throws what the HTTP client threw, as n8n does
			throw error;
		}
		statusCode = response.status;
		body = response.data;
	}
	return request.returnFullResponse === true ? { statusCode, headers: {}, body } : body;
}
