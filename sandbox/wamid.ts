import { randomBytes } from 'node:crypto';

let sequence = 0;

/**
 * A message ID shaped like Meta's: base64 of a small binary record holding the recipient and an
 * 18-character upper-case hex key. The key starts with a process-wide counter, so IDs never repeat.
 */
export function newWamid(recipient: string): string {
	sequence = (sequence + 1) % 0x100000000;
	const key = sequence.toString(16).padStart(8, '0') + randomBytes(5).toString('hex');
	const who = Buffer.from(recipient.slice(0, 200), 'utf8');
	const record = Buffer.concat([
		Buffer.from([0x1c, 0x18, who.length]),
		who,
		Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]),
		Buffer.from(key.toUpperCase(), 'ascii'),
		Buffer.from([0x00]),
	]);
	return `wamid.${record.toString('base64')}`;
}

/** Numeric IDs such as media IDs: 16 digits, unique within the process. */
export function newNumericId(): string {
	sequence = (sequence + 1) % 0x100000000;
	const random = randomBytes(4).readUInt32BE() % 1_000_000;
	return `1${String(sequence % 1e9).padStart(9, '0')}${String(random).padStart(6, '0')}`;
}
