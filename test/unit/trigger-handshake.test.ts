import { answerHandshake } from '../../nodes/WhatsAppTrigger/handshake';

const TOKEN = 'my-verify-token';

function query(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		'hub.mode': 'subscribe',
		'hub.verify_token': TOKEN,
		'hub.challenge': '1158201444',
		...overrides,
	};
}

describe('answerHandshake', () => {
	it('answers the challenge when the token matches', () => {
		expect(answerHandshake(query(), TOKEN)).toEqual({ accepted: true, challenge: '1158201444' });
	});

	it.each([
		['a wrong token', { 'hub.verify_token': 'guess' }],
		['a token differing only in case', { 'hub.verify_token': TOKEN.toUpperCase() }],
		['a token with a longer prefix match', { 'hub.verify_token': `${TOKEN}x` }],
		['an empty token', { 'hub.verify_token': '' }],
		['no token', { 'hub.verify_token': undefined }],
		['a repeated token', { 'hub.verify_token': [TOKEN, TOKEN] }],
		['no mode', { 'hub.mode': undefined }],
		['another mode', { 'hub.mode': 'unsubscribe' }],
		['no challenge', { 'hub.challenge': undefined }],
		['an empty challenge', { 'hub.challenge': '' }],
	])('refuses %s', (_case, overrides) => {
		expect(answerHandshake(query(overrides), TOKEN)).toEqual({ accepted: false });
	});

	it('refuses a request without any hub parameters', () => {
		expect(answerHandshake({}, TOKEN)).toEqual({ accepted: false });
	});

	it('refuses everything while no verify token is configured', () => {
		expect(answerHandshake(query({ 'hub.verify_token': '' }), '')).toEqual({ accepted: false });
	});

	it('echoes the challenge exactly as Meta sent it', () => {
		expect(answerHandshake(query({ 'hub.challenge': 'abc 123/é' }), TOKEN)).toEqual({
			accepted: true,
			challenge: 'abc 123/é',
		});
	});
});
