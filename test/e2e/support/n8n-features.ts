import { missingFeature, type N8nFeature } from '../../../scripts/n8n-versions';
import { e2eEnvironment } from './environment';

/**
 * `it` for a test that needs `feature`: on an n8n version without it, the test is skipped, and its
 * name says why, so a compatibility run lists what it did not check.
 */
export function itNeeds(
	feature: N8nFeature,
): (name: string, fn: jest.ProvidesCallback, timeout?: number) => void {
	const { n8nVersion } = e2eEnvironment();
	const reason = missingFeature(n8nVersion, feature);
	if (reason === undefined) return it;
	return (name, fn, timeout) =>
		it.skip(`${name} [not on n8n ${n8nVersion}: ${reason}]`, fn, timeout);
}
