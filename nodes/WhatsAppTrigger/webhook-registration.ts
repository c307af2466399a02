import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { type MetaError, parseMetaError, parseRequestFailure } from '../shared/meta-errors';
import {
	type GraphRequest,
	type GraphResponse,
	CLOUD_API_CREDENTIAL,
	cloudApiCredentials,
	graphRequest,
	isSuccessStatus,
} from '../shared/transport';
import {
	MISSING_BUSINESS_TOKEN,
	businessApiOf,
	clearOverrideRequest,
	describeTarget,
	overrideClashMessage,
	readOverrideRequest,
	readOverrideState,
	recordsOf,
	sameTarget,
	setOverrideRequest,
	type BusinessApi,
	type OverrideRecord,
	type OverrideState,
	type OverrideTarget,
} from './overrides';
import {
	appSubscriptionOwner,
	clashMessage,
	createAppSubscriptionRequest,
	deleteAppSubscriptionRequest,
	listAppSubscriptionsRequest,
	overrideUrlProblem,
	planRegistration,
	subscriptionFields,
	type ActivePlan,
	type Ownership,
	type RegistrationPlan,
} from './registration';
import { testListenRefusal, testNumberTakenMessage } from './test-listen';

/**
 * What activation, deactivation and a test listen do at Meta, through n8n's hook context.
 * Overrides this trigger sets are recorded in the node's static data with what they replaced,
 * which n8n keeps from activation to deactivation (and from the start to the end of a test listen).
 */

const WEBHOOK_CREDENTIAL = 'whatsAppWebhookApi';

interface Registration {
	plan: ActivePlan;
	url: string;
	testPhoneNumberId: string;
	replaceExisting: boolean;
}

/** n8n asks first; a test listen always goes on to `register`, which decides what is safe. */
export async function isRegistered(context: IHookFunctions): Promise<boolean> {
	const registration = await readRegistration(context);
	if (registration === undefined) {
		return true;
	}
	if (isTestListen(context)) {
		return false;
	}
	const { plan, url } = registration;
	if (plan.mode === 'app') {
		const ownership = await appOwner(context, plan, url);
		if (ownership.owner === 'other') {
			throw new NodeOperationError(context.getNode(), clashMessage(plan, ownership.callbackUrl));
		}
		return ownership.owner === 'us' && ownership.missingFields.length === 0;
	}
	refuseLongUrl(context, url);
	for (const target of targetsOf(plan)) {
		const state = await readState(context, plan, target);
		if (state.own === url) {
			continue;
		}
		if (state.own !== null && !registration.replaceExisting) {
			throw new NodeOperationError(context.getNode(), overrideClashMessage(target, state.own));
		}
		return false;
	}
	return true;
}

export async function register(context: IHookFunctions): Promise<boolean> {
	const registration = await readRegistration(context);
	if (registration === undefined) {
		return true;
	}
	if (isTestListen(context)) {
		await startTestListen(context, registration);
		return true;
	}
	const { plan, url } = registration;
	if (plan.mode === 'app') {
		await subscribeApp(context, plan, url);
		return true;
	}
	await setOverrides(context, registration, targetsOf(plan), registration.replaceExisting);
	return true;
}

/** Puts back what this URL replaced, then clears what still points at it without a record. */
export async function unregister(context: IHookFunctions): Promise<boolean> {
	const registration = await readRegistration(context);
	if (registration === undefined) {
		return true;
	}
	const { plan, url } = registration;
	const staticData = context.getWorkflowStaticData('node');
	const records = recordsOf(staticData);
	const mine = records.filter((record) => record.url === url);
	await restore(context, registration, mine);
	if (mine.length > 0) {
		staticData.overrides = records.filter(
			(record) => record.url !== url,
		) as unknown as IDataObject[];
	}

	if (plan.mode === 'app') {
		const ownership = await appOwner(context, plan, url);
		if (ownership.owner === 'us') {
			await callGraph(
				context,
				WEBHOOK_CREDENTIAL,
				deleteAppSubscriptionRequest(plan.app),
				'remove the Meta app subscription',
			);
		} else if (mine.length === 0) {
			context.logger.info(
				'WhatsApp Trigger: Meta no longer has this URL registered; nothing to remove',
			);
		}
		return true;
	}
	for (const target of targetsOf(plan)) {
		if (mine.some((record) => sameTarget(record, target))) {
			continue;
		}
		const state = await readState(context, plan, target);
		if (state.own === url) {
			await callBusiness(
				context,
				clearOverrideRequest(await businessApi(context), target),
				`remove the override of ${describeTarget(target)}`,
			);
		} else if (mine.length === 0) {
			context.logger.info(
				`WhatsApp Trigger: ${describeTarget(target)} no longer sends its webhooks to this URL; nothing to remove`,
			);
		}
	}
	return true;
}

function isTestListen(context: IHookFunctions): boolean {
	return context.getMode() === 'manual';
}

/**
 * A test listen never takes webhooks from a production URL. With a Test Phone Number ID it points
 * that one number at the test URL (refused when another URL holds the number's own override);
 * without one it goes ahead only where the webhooks it would take reach no one now.
 */
async function startTestListen(context: IHookFunctions, registration: Registration): Promise<void> {
	const { plan, url, testPhoneNumberId } = registration;
	if (testPhoneNumberId !== '') {
		const target: OverrideTarget = { level: 'phoneNumber', id: testPhoneNumberId };
		const state = await readState(context, plan, target);
		if (state.own !== null && state.own !== url) {
			throw new NodeOperationError(
				context.getNode(),
				testNumberTakenMessage(testPhoneNumberId, state.own),
			);
		}
		await setOverrides(context, registration, [target], false);
		return;
	}
	if (plan.mode === 'app') {
		const ownership = await appOwner(context, plan, url);
		if (ownership.owner === 'other') {
			throw new NodeOperationError(
				context.getNode(),
				testListenRefusal(
					`Meta app ${plan.app.appId} sends its webhooks to ${ownership.callbackUrl}`,
				),
			);
		}
		await subscribeApp(context, plan, url);
		return;
	}
	if (plan.mode === 'businessAccount') {
		throw new NodeOperationError(
			context.getNode(),
			testListenRefusal(
				`pointing WhatsApp Business Account ${plan.businessAccountId} at the test URL would take the webhooks of all its numbers`,
			),
		);
	}
	for (const target of targetsOf(plan)) {
		const { effective } = await readState(context, plan, target);
		if (effective !== null && effective !== url) {
			throw new NodeOperationError(
				context.getNode(),
				testListenRefusal(`${describeTarget(target)} sends its webhooks to ${effective}`),
			);
		}
	}
	await setOverrides(context, registration, targetsOf(plan), false);
}

/** Sets each override, recording what it replaced; on a failure puts back the ones already set. */
async function setOverrides(
	context: IHookFunctions,
	registration: Registration,
	targets: OverrideTarget[],
	replaceExisting: boolean,
): Promise<void> {
	const { plan, url } = registration;
	refuseLongUrl(context, url);
	const api = await businessApi(context);
	const done: OverrideRecord[] = [];
	try {
		for (const target of targets) {
			const state = await readState(context, plan, target);
			if (state.own === url) {
				continue;
			}
			if (state.own !== null && !replaceExisting) {
				throw new NodeOperationError(context.getNode(), overrideClashMessage(target, state.own));
			}
			if (!state.appSubscribed) {
				await callBusiness(
					context,
					clearOverrideRequest(api, target),
					`subscribe the app to ${describeTarget(target)}`,
				);
			}
			await callBusiness(
				context,
				setOverrideRequest(api, target, url, plan.verifyToken),
				`point ${describeTarget(target)} at this trigger`,
			);
			done.push({ ...target, url, previousUrl: state.own });
		}
	} catch (error) {
		await restore(context, registration, done);
		throw error instanceof NodeApiError
			? error
			: new NodeOperationError(context.getNode(), error as Error);
	}
	const staticData = context.getWorkflowStaticData('node');
	const kept = recordsOf(staticData).filter(
		(record) => !done.some((set) => sameTarget(set, record)),
	);
	staticData.overrides = [...kept, ...done] as unknown as IDataObject[];
}

/**
 * Each record whose target still points at this URL gets its previous override back, or none.
 * A previous URL that fails Meta's handshake now is cleared instead, and the log names it.
 */
async function restore(
	context: IHookFunctions,
	registration: Registration,
	records: OverrideRecord[],
): Promise<void> {
	const { plan, url } = registration;
	if (records.length === 0) {
		return;
	}
	const api = await businessApi(context);
	for (const record of records) {
		const state = await readState(context, plan, record);
		if (state.own !== url) {
			context.logger.info(
				`WhatsApp Trigger: ${describeTarget(record)} was pointed elsewhere meanwhile; left as it is`,
			);
			continue;
		}
		const clear = () =>
			callBusiness(
				context,
				clearOverrideRequest(api, record),
				`remove the override of ${describeTarget(record)}`,
			);
		if (record.previousUrl === null) {
			await clear();
			continue;
		}
		try {
			await callBusiness(
				context,
				setOverrideRequest(api, record, record.previousUrl, plan.verifyToken),
				`restore the override of ${describeTarget(record)}`,
			);
		} catch (error) {
			await clear();
			context.logger.warn(
				`WhatsApp Trigger: could not point ${describeTarget(record)} back at ${record.previousUrl} (${(error as Error).message}); its override is removed instead. Set it again in WhatsApp Manager if that URL still needs the webhooks.`,
			);
		}
	}
}

function refuseLongUrl(context: IHookFunctions, url: string): void {
	const problem = overrideUrlProblem(url);
	if (problem) {
		throw new NodeOperationError(context.getNode(), problem);
	}
}

async function readRegistration(context: IHookFunctions): Promise<Registration | undefined> {
	const plan = await readPlan(context);
	if (plan.mode === 'manual') {
		return undefined;
	}
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	}
	const testPhoneNumberId = String(context.getNodeParameter('testPhoneNumberId', '')).trim();
	if (testPhoneNumberId !== '' && !/^\d+$/.test(testPhoneNumberId)) {
		throw new NodeOperationError(
			context.getNode(),
			`Test Phone Number ID "${testPhoneNumberId}" is not a phone number ID: use the numeric ID from WhatsApp Manager → Phone numbers`,
		);
	}
	return {
		plan,
		url,
		testPhoneNumberId,
		replaceExisting: context.getNodeParameter('replaceExistingOverride', false) === true,
	};
}

async function readPlan(context: IHookFunctions): Promise<RegistrationPlan> {
	const credentials = await context.getCredentials(WEBHOOK_CREDENTIAL);
	const registration = context.getNodeParameter('registration', 'app') as string;
	const parameter = (name: string, used: boolean) =>
		used ? String(context.getNodeParameter(name, '')) : '';
	const plan = planRegistration(
		credentials,
		registration,
		parameter('businessAccountId', registration === 'businessAccount'),
		parameter('overridePhoneNumberIds', registration === 'phoneNumber'),
	);
	if (plan.mode === 'invalid') {
		throw new NodeOperationError(context.getNode(), plan.problem);
	}
	return plan;
}

function targetsOf(plan: Exclude<ActivePlan, { mode: 'app' }>): OverrideTarget[] {
	return plan.mode === 'phoneNumber'
		? plan.phoneNumberIds.map((id) => ({ level: 'phoneNumber', id }))
		: [{ level: 'businessAccount', id: plan.businessAccountId }];
}

async function readState(
	context: IHookFunctions,
	plan: ActivePlan,
	target: OverrideTarget,
): Promise<OverrideState> {
	const response = await callBusiness(
		context,
		readOverrideRequest(await businessApi(context), target),
		`read the webhook override of ${describeTarget(target)}`,
	);
	return readOverrideState(response, target, plan.mode === 'phoneNumber' ? '' : plan.app.appId);
}

async function businessApi(context: IHookFunctions): Promise<BusinessApi> {
	let credentials: IDataObject;
	try {
		credentials = await cloudApiCredentials(context);
	} catch {
		throw new NodeOperationError(context.getNode(), MISSING_BUSINESS_TOKEN);
	}
	const api = businessApiOf(credentials);
	if (!api.ok) {
		throw new NodeOperationError(context.getNode(), api.problem);
	}
	return api.api;
}

async function subscribeApp(
	context: IHookFunctions,
	plan: Extract<ActivePlan, { mode: 'app' }>,
	url: string,
): Promise<void> {
	const fields = subscriptionFields(context.getNodeParameter('events', []) as string[]);
	await callGraph(
		context,
		WEBHOOK_CREDENTIAL,
		createAppSubscriptionRequest(plan.app, url, plan.verifyToken, fields),
		'register the webhook with the Meta app',
	);
}

async function appOwner(
	context: IHookFunctions,
	plan: Extract<ActivePlan, { mode: 'app' }>,
	url: string,
): Promise<Ownership> {
	const subscriptions = await callGraph(
		context,
		WEBHOOK_CREDENTIAL,
		listAppSubscriptionsRequest(plan.app),
		'read the Meta app subscriptions',
	);
	return appSubscriptionOwner(
		subscriptions,
		url,
		subscriptionFields(context.getNodeParameter('events', []) as string[]),
	);
}

function callBusiness(
	context: IHookFunctions,
	request: GraphRequest,
	action: string,
): Promise<unknown> {
	return callGraph(context, CLOUD_API_CREDENTIAL, request, action);
}

/** A Graph call on the shared client: the body of Meta's answer, or an error naming what failed with Meta's message. */
async function callGraph(
	context: IHookFunctions,
	credentialType: string,
	request: GraphRequest,
	action: string,
): Promise<unknown> {
	let response: GraphResponse;
	try {
		response = await graphRequest.call(context, request, credentialType);
	} catch (error) {
		const failure = parseRequestFailure(error);
		if (failure.httpStatus !== null) throw refusal(context, action, failure);
		// The reason goes in the description: n8n's errors put generic words in place of a
		// message that names ECONNREFUSED and the like, which would drop the action.
		throw new NodeApiError(
			context.getNode(),
			{ message: failure.message },
			{
				message: `Could not ${action}: the Graph API did not answer`,
				description: failure.message,
			},
		);
	}
	if (!isSuccessStatus(response.statusCode)) {
		throw refusal(context, action, parseMetaError(response.body, response.statusCode));
	}
	return response.body;
}

function refusal(context: IHookFunctions, action: string, failure: MetaError): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ message: failure.message },
		{
			message: `Could not ${action}: ${failure.message}`,
			description: failure.details ?? undefined,
			httpCode: failure.httpStatus === null ? undefined : String(failure.httpStatus),
		},
	);
}
