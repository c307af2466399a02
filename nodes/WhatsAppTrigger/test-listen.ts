/**
 * Listening for a test event registers the trigger's test URL (/webhook-test/…) with Meta. That
 * must never take webhooks from a production workflow, so a listen that would is refused with
 * these words: what it would take, and the ways to test that take nothing.
 */

const WAYS_TO_TEST =
	'To test beside production: set Test Phone Number ID to a number whose webhooks may go to the editor for a moment (a test number no workflow overrides), ' +
	'or post a sample webhook body to this trigger’s test URL yourself, ' +
	'or look at the executions of the active workflow.';

export function testListenRefusal(whatItWouldTake: string): string {
	return `Listening for a test event here would stop production from receiving webhooks: ${whatItWouldTake}. Nothing was changed at Meta. ${WAYS_TO_TEST}`;
}

export function testNumberTakenMessage(testPhoneNumberId: string, heldBy: string): string {
	return testListenRefusal(
		`Test Phone Number ID ${testPhoneNumberId} has its own override to ${heldBy}, so another workflow or system relies on it. Pick another test number`,
	);
}
