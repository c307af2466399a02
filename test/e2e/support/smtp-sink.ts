/* eslint-disable
	@n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
	from: string;
	to: string[];
	subject: string;
	/** The body, quoted-printable decoded. */
	text: string;
}

/** A loopback SMTP server that accepts every message and keeps it: the mailbox of the e-mail example. */
export interface SmtpSink {
	port: number;
	received: ReceivedMail[];
	waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
	close(): Promise<void>;
}

/** Enough of RFC 5321 for nodemailer without TLS or authentication: EHLO, MAIL, RCPT, DATA, RSET, QUIT. */
export async function startSmtpSink(): Promise<SmtpSink> {
	const received: ReceivedMail[] = [];
	const server = net.createServer((socket) => {
		let buffer = '';
		let envelope: { from: string; to: string[] } = { from: '', to: [] };
		let readingData = false;
		let dataLines: string[] = [];
		const reply = (line: string) => socket.write(`${line}\r\n`);
		const handle = (line: string) => {
			if (readingData) {
				if (line === '.') {
					readingData = false;
					received.push({ ...envelope, ...parseMessage(dataLines.join('\n')) });
					envelope = { from: '', to: [] };
					reply('250 OK: queued');
				} else {
					dataLines.push(line.startsWith('..') ? line.slice(1) : line);
				}
				return;
			}
			const command = line.slice(0, 4).toUpperCase();
			if (command === 'EHLO' || command === 'HELO') reply('250 sink.localhost');
			else if (command === 'MAIL') {
				envelope.from = line.replace(/^MAIL FROM:\s*/i, '');
				reply('250 OK');
			} else if (command === 'RCPT') {
				envelope.to.push(line.replace(/^RCPT TO:\s*/i, ''));
				reply('250 OK');
			} else if (command === 'DATA') {
				readingData = true;
				dataLines = [];
				reply('354 End data with <CR><LF>.<CR><LF>');
			} else if (command === 'QUIT') {
				reply('221 Bye');
				socket.end();
			} else reply('250 OK');
		};
		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			let end = buffer.indexOf('\r\n');
			while (end !== -1) {
				handle(buffer.slice(0, end));
				buffer = buffer.slice(end + 2);
				end = buffer.indexOf('\r\n');
			}
		});
		socket.on('error', () => socket.destroy());
		reply('220 sink.localhost ESMTP');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		received,
		async waitFor(count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count) {
				if (Date.now() > deadline)
					throw new Error(`expected ${count} e-mails, got ${received.length}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return received;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Subject and body of a plain-text message as nodemailer writes it: folded headers, quoted-printable body. */
function parseMessage(message: string): { subject: string; text: string } {
	const blankLine = message.indexOf('\n\n');
	const headers = message.slice(0, blankLine).replace(/\n[ \t]+/g, ' ');
	const body = message.slice(blankLine + 2);
	const subject = /^Subject: (.*)$/im.exec(headers)?.[1] ?? '';
	const quotedPrintable = /^Content-Transfer-Encoding: quoted-printable$/im.test(headers);
	return { subject, text: quotedPrintable ? decodeQuotedPrintable(body) : body };
}

function decodeQuotedPrintable(text: string): string {
	const percentEncoded = text
		.replace(/=\n/g, '')
		.replace(/%/g, '%25')
		.replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
	return decodeURIComponent(percentEncoded);
}
