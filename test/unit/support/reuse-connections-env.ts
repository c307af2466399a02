/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
// The unit-reuse-connections project (jest.config.js): every run of `runSend` uses Reuse Connections.
process.env.WHATSAPP_SEND_CONNECTION = 'reuseConnections';
