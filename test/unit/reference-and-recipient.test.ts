import { toRecipient } from '../../nodes/shared/recipient';
import { toReferenceId } from '../../nodes/shared/reference';

describe('toReferenceId', () => {
	it('leaves the field out when empty', () => {
		expect(toReferenceId('')).toBeUndefined();
		expect(toReferenceId(undefined)).toBeUndefined();
		expect(toReferenceId(null)).toBeUndefined();
		expect(toReferenceId('   ')).toBeUndefined();
	});

	it('sends objects and numbers as their JSON text', () => {
		expect(toReferenceId({ contactId: 42, campaign: 'spring' })).toBe(
			'{"contactId":42,"campaign":"spring"}',
		);
		expect(toReferenceId(12345)).toBe('12345');
	});

	it('counts UTF-8 bytes, so multi-byte references cannot exceed what Meta accepts', () => {
		expect(toReferenceId('é'.repeat(256))).toHaveLength(256);
		expect(() => toReferenceId('é'.repeat(257))).toThrow(/514 bytes long; the limit is 512/);
	});

	it('takes a provider limit', () => {
		expect(() => toReferenceId('x'.repeat(201), 200)).toThrow(/201 bytes long; the limit is 200/);
	});
});

describe('toRecipient', () => {
	it.each([
		['+1 (650) 555-1234', '16505551234'],
		['+91 80802-47309', '918080247309'],
		['16505551234', '16505551234'],
		[16505551234, '16505551234'],
	])('%s → to %s', (input, to) => {
		expect(toRecipient(input)).toEqual({ to });
	});

	it('sends a business-scoped user ID as recipient', () => {
		expect(toRecipient('US.13491208655302741918')).toEqual({
			recipient: 'US.13491208655302741918',
		});
	});

	it.each(['', 'abc', '+12', '+1234567890123456'])('refuses %j', (input) => {
		expect(() => toRecipient(input)).toThrow(/international format|empty/);
	});
});
