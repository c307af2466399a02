/* eslint-disable
	@n8n/community-nodes/no-restricted-globals
	-- a test run by Jest in Node, never loaded by n8n */
// The unit-reuse-connections and e2e-reuse-connections projects (jest.config.js): every message the
// test files send goes with Sending Options → Connection: Reuse Connections.
process.env.WHATSAPP_SEND_CONNECTION = 'reuseConnections';
