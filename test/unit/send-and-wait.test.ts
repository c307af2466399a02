import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import {
	confirmPage,
	escapeHtml,
	freeTextPage,
} from '../../nodes/WhatsAppSend/send-and-wait/pages';
import {
	MESSAGE_ID_KEY,
	rememberReference,
	sendAndWaitContent,
	sendAndWaitWebhook,
} from '../../nodes/WhatsAppSend/send-and-wait/send-and-wait';
import { waitUntil } from '../../nodes/WhatsAppSend/send-and-wait/wait-time';
import { InvalidInputError } from '../../nodes/shared/invalid-input';

const approve = {
	label: '✓ Approve',
	url: 'https://n8n.example.com/webhook-waiting/42/node-1?approved=true&signature=abc',
	approved: true,
};
const decline = {
	label: '✗ Decline',
	url: 'https://n8n.example.com/webhook-waiting/42/node-1?approved=false&signature=def',
	approved: false,
};

describe('Send and Wait: the message', () => {
	it('as text: the question, then each answer with its link, without a link preview', () => {
		expect(
			sendAndWaitContent({
				message: ' Refund order 10045? ',
				answers: [approve, decline],
				buttons: false,
			}),
		).toEqual({
			type: 'text',
			content: {
				body: `Refund order 10045?\n\n*✓ Approve*\n${approve.url}\n\n*✗ Decline*\n${decline.url}`,
				preview_url: false,
			},
		});
	});

	it('as reply buttons whose IDs are the answer links', () => {
		expect(
			sendAndWaitContent({
				message: 'Refund order 10045?',
				answers: [approve, decline],
				buttons: true,
			}),
		).toEqual({
			type: 'interactive',
			content: {
				type: 'button',
				body: { text: 'Refund order 10045?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: approve.url, title: '✓ Approve' } },
						{ type: 'reply', reply: { id: decline.url, title: '✗ Decline' } },
					],
				},
			},
		});
	});

	it.each([
		[{ message: '  ', answers: [approve], buttons: false }, 'Message is empty'],
		[
			{ message: 'x'.repeat(4000), answers: [approve, decline], buttons: false },
			/WhatsApp takes 4096/,
		],
		[
			{
				message: 'Q',
				answers: [{ ...approve, label: 'A label far too long for a button' }],
				buttons: true,
			},
			/1 to 20 characters/,
		],
		[
			{
				message: 'Q',
				answers: [{ ...approve, url: `https://n8n.example.com/${'x'.repeat(300)}` }],
				buttons: true,
			},
			/more than the 256 a reply button's ID holds/,
		],
	])('refuses what WhatsApp would refuse (%#)', (input, message) => {
		expect(() => sendAndWaitContent(input)).toThrow(InvalidInputError);
		expect(() => sendAndWaitContent(input)).toThrow(message);
	});
});

describe('Send and Wait: the time limit', () => {
	const forever = new Date('3000-01-01T00:00:00Z');
	const now = Date.parse('2026-11-26T12:00:00Z');

	it('after an interval, at a date, or never', () => {
		expect(
			waitUntil(
				{ limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' },
				now,
				forever,
			),
		).toEqual(new Date('2026-11-26T12:45:00Z'));
		expect(
			waitUntil(
				{ limitType: 'afterTimeInterval', resumeAmount: 1.5, resumeUnit: 'hours' },
				now,
				forever,
			),
		).toEqual(new Date('2026-11-26T13:30:00Z'));
		expect(
			waitUntil(
				{ limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'days' },
				now,
				forever,
			),
		).toEqual(new Date('2026-11-28T12:00:00Z'));
		expect(
			waitUntil(
				{ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-01T09:00:00Z' },
				now,
				forever,
			),
		).toEqual(new Date('2026-12-01T09:00:00Z'));
		expect(waitUntil({}, now, forever)).toBe(forever);
		expect(() =>
			waitUntil({ limitType: 'atSpecifiedTime', maxDateAndTime: 'soon' }, now, forever),
		).toThrow('"soon" is not a date and time');
	});
});

describe('Send and Wait: the pages', () => {
	it('escape what they show', () => {
		expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
			'&#60;script&#62;&#34;x&#34; &#38; &#39;y&#39;&#60;/script&#62;',
		);
		expect(confirmPage('Pay <b>$5</b>?\nNow', 'OK', true)).toContain(
			'<p>Pay &#60;b&#62;$5&#60;/b&#62;?<br>Now</p><form method="post"><button type="submit">OK</button></form>',
		);
		expect(freeTextPage('', 'Why?', 'Send', 'Please write an answer.')).toContain(
			'<p role="alert"><strong>Please write an answer.</strong></p>',
		);
	});
});

/** A stand-in for n8n's webhook context: parameters, the request, a response that records what was sent. */
function webhookContext(
	parameters: IDataObject,
	request: { method: string; query?: IDataObject; body?: IDataObject },
	stored: Record<string, string> = {},
) {
	const sent: { status?: number; headers: Record<string, string>; type?: string; body?: string } = {
		headers: {},
	};
	const response = {
		setHeader: (name: string, value: string) => {
			sent.headers[name] = value;
			return response;
		},
		status: (status: number) => {
			sent.status = status;
			return response;
		},
		type: (type: string) => {
			sent.type = type;
			return response;
		},
		send: (body: string) => {
			sent.body = body;
			return response;
		},
	};
	const context = {
		getRequestObject: () => ({ method: request.method }),
		getResponseObject: () => response,
		getQueryData: () => request.query ?? {},
		getBodyData: () => request.body ?? {},
		getNodeParameter: (name: string, fallback: unknown) => {
			let value: unknown = parameters;
			for (const key of name.split('.')) value = (value as IDataObject | undefined)?.[key];
			return value ?? fallback;
		},
		customData: { get: (key: string) => (key === MESSAGE_ID_KEY ? 'wamid.ASK1' : stored[key]) },
	} as unknown as IWebhookFunctions;
	return { context, sent };
}

describe('Send and Wait: the resume webhook', () => {
	const approval = {
		responseType: 'approval',
		message: 'Refund order 10045?',
		to: '+1 650 555 1234',
		referenceId: 'refund-10045',
	};

	it('an approval link opens a page and resumes nothing; its POST resumes with the answer', async () => {
		const page = webhookContext(approval, { method: 'GET', query: { approved: 'true' } });
		expect(await sendAndWaitWebhook.call(page.context)).toEqual({ noWebhookResponse: true });
		expect(page.sent).toMatchObject({
			status: 200,
			type: 'html',
			headers: { 'Content-Security-Policy': expect.stringMatching(/default-src 'none'/) },
		});
		expect(page.sent.body).toContain('<button type="submit">✓ Approve</button>');

		const answer = webhookContext(approval, { method: 'POST', query: { approved: 'false' } });
		const result = await sendAndWaitWebhook.call(answer.context);
		expect(result.webhookResponse).toContain('Got it, thanks');
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						data: { approved: false, respondedAt: expect.any(String) },
						messageId: 'wamid.ASK1',
						referenceId: 'refund-10045',
						to: '16505551234',
					},
				},
			],
		]);
	});

	it.each([
		['a short reference', 'refund-10045-sent-at-09:00'],
		[
			'one of 512 characters, longer than a custom data value',
			`${'ü'.repeat(250)}${'x'.repeat(262)}`.slice(0, 512),
		],
	])(
		'answers with the Reference ID that was sent (%s), not the parameter evaluated again',
		async (_what, sent) => {
			const stored = new Map<string, string>();
			// n8n keeps at most 255 characters of a custom data value.
			rememberReference({ set: (key, value) => stored.set(key, value.slice(0, 255)) }, sent);
			const answer = webhookContext(
				{ ...approval, referenceId: 'refund-10045-evaluated-at-09:05' },
				{ method: 'POST', query: { approved: 'true' } },
				Object.fromEntries(stored),
			);
			const result = await sendAndWaitWebhook.call(answer.context);
			expect(result.workflowData?.[0][0].json).toMatchObject({ referenceId: sent });
		},
	);

	it('answers with a null Reference ID when none was sent, whatever the parameter says now', async () => {
		const stored = new Map<string, string>();
		rememberReference({ set: (key, value) => stored.set(key, value) }, null);
		const answer = webhookContext(
			{ ...approval, referenceId: 'late' },
			{ method: 'POST', query: { approved: 'true' } },
			Object.fromEntries(stored),
		);
		expect((await sendAndWaitWebhook.call(answer.context)).workflowData?.[0][0].json).toMatchObject(
			{ referenceId: null },
		);
	});

	it('free text: GET shows the form, an empty answer is asked again, a text resumes', async () => {
		const freeText = {
			...approval,
			responseType: 'freeText',
			waitOptions: { responseFormTitle: 'Why?', responseFormButtonLabel: 'Send' },
		};
		const form = webhookContext(freeText, { method: 'GET' });
		await sendAndWaitWebhook.call(form.context);
		expect(form.sent.body).toContain('<h1>Why?</h1>');
		expect(form.sent.body).toContain('<button type="submit">Send</button>');

		const empty = webhookContext(freeText, { method: 'POST', body: { response: '  ' } });
		expect(await sendAndWaitWebhook.call(empty.context)).toEqual({ noWebhookResponse: true });
		expect(empty.sent.status).toBe(400);

		const answer = webhookContext(freeText, {
			method: 'POST',
			body: { response: ' Broken parcel ' },
		});
		expect((await sendAndWaitWebhook.call(answer.context)).workflowData).toEqual([
			[
				{
					json: {
						data: { text: 'Broken parcel', respondedAt: expect.any(String) },
						messageId: 'wamid.ASK1',
						referenceId: 'refund-10045',
						to: '16505551234',
					},
				},
			],
		]);
	});
});
