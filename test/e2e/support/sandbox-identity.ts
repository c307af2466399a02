/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- its tokens and secrets are made up for the sandbox */
/** The sandbox's Meta identity in the e2e run: the values its credentials in n8n carry. */
export const SANDBOX_IDENTITY = {
	accessToken: 'e2e-access-token',
	appId: '1234567890123456',
	appSecret: 'e2e-app-secret',
	verifyToken: 'e2e-verify-token',
	wabaId: '102290129340398',
	phoneNumberId: '106540352242922',
};
