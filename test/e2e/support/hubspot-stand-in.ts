/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInContact {
	email: string;
	properties: Record<string, string>;
	/** Every value written to each property, in order. */
	writes: Record<string, string[]>;
}

/**
 * HubSpot's two contact endpoints the HubSpot node (v2) calls for Get and Create or Update, on
 * loopback: `GET /contacts/v1/contact/vid/{id}/profile` and
 * `POST /contacts/v1/contact/createOrUpdate/email/{email}` with `{ properties: [{ property, value }] }`.
 */
export interface HubSpotStandIn {
	url: string;
	contacts: Map<string, StandInContact>;
	requests: string[];
	close(): Promise<void>;
}

const PROFILE = /^\/contacts\/v1\/contact\/vid\/([^/]+)\/profile$/;
const UPSERT = /^\/contacts\/v1\/contact\/createOrUpdate\/email\/([^/]+)$/;

export async function startHubSpotStandIn(
	contactEmails: Record<string, string>,
): Promise<HubSpotStandIn> {
	const contacts = new Map<string, StandInContact>(
		Object.entries(contactEmails).map(([id, email]) => [id, { email, properties: {}, writes: {} }]),
	);
	const requests: string[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
			requests.push(`${req.method} ${path}`);
			const answer = (status: number, body: unknown) =>
				res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			const profile = PROFILE.exec(path);
			if (req.method === 'GET' && profile) {
				const contact = contacts.get(decodeURIComponent(profile[1]));
				if (!contact) return answer(404, { status: 'error', message: 'resource not found' });
				const properties = { email: contact.email, ...contact.properties };
				return answer(200, {
					vid: Number(profile[1]),
					properties: Object.fromEntries(
						Object.entries(properties).map(([name, value]) => [name, { value }]),
					),
				});
			}
			const upsert = UPSERT.exec(path);
			if (req.method === 'POST' && upsert) {
				const email = decodeURIComponent(upsert[1]);
				const entry = [...contacts.entries()].find(([, contact]) => contact.email === email);
				if (!entry)
					return answer(404, { status: 'error', message: `no contact with e-mail ${email}` });
				const { properties } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
					properties: Array<{ property: string; value: string }>;
				};
				for (const { property, value } of properties) {
					entry[1].properties[property] = value;
					(entry[1].writes[property] ??= []).push(value);
				}
				return answer(200, { vid: Number(entry[0]), isNew: false });
			}
			return answer(404, {
				status: 'error',
				message: `${req.method} ${path} is not part of the stand-in`,
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		contacts,
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
