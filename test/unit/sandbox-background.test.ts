/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- a test run by Jest in Node, never loaded by n8n */
import { getEventListeners } from 'node:events';

import { BackgroundWork } from '../../sandbox/background';

describe('sandbox background work: timers', () => {
	it('runs each delayed task once, and idle() waits for them', async () => {
		const background = new BackgroundWork((error) => {
			throw error;
		});
		const ran: number[] = [];
		for (const delay of [30, 10, 20]) background.after(delay, () => ran.push(delay));
		await background.idle();
		expect(ran).toEqual([10, 20, 30]);
	});

	it('holds thousands of pending timers without a listener on the shared signal, and cancel() drops them', async () => {
		const background = new BackgroundWork((error) => {
			throw error;
		});
		const ran: number[] = [];
		for (let index = 0; index < 5000; index += 1) background.after(60_000, () => ran.push(index));
		expect(background.size).toBe(5000);
		expect(getEventListeners(background.signal, 'abort')).toHaveLength(0);
		background.cancel();
		await background.idle();
		expect(background.size).toBe(0);
		expect(ran).toEqual([]);
	});
});
