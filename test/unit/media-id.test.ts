import { componentsFromForm } from '../../nodes/WhatsAppSend/operations/template-form';
import {
	type TemplateDefinition,
	describeTemplate,
} from '../../nodes/WhatsAppSend/operations/template-definition';
import { buildRequest } from '../../nodes/WhatsAppSend/router';
import { META_REFERENCE_MAX_LENGTH } from '../../nodes/shared/reference';
import { defaultTemplates } from '../../sandbox/templates';
import { templateNamed } from '../fixtures/templates/definitions';
import { readerFor } from './support/parameters';
import { runSend } from './support/send-context';

/** A BSP's media ID: letters, digits and the . and = of base64-like IDs, as Send Media takes it. */
const BSP_MEDIA_ID = 'aGVsbG8.d29ybGQ=';
const META = { accessToken: 'tok', baseUrl: 'http://127.0.0.1:9', apiVersion: 'v25.0' };

describe('one media ID rule for Send, Download, Delete and the template form', () => {
	it('Send Media takes it', () => {
		const request = buildRequest(
			'media',
			readerFor({
				phoneNumberId: '1065',
				to: '+16505551234',
				mediaType: 'image',
				mediaSource: 'id',
				mediaId: BSP_MEDIA_ID,
				referenceId: '',
			}),
			0,
			META_REFERENCE_MAX_LENGTH,
		);
		expect(request.body.image).toEqual({ id: BSP_MEDIA_ID });
	});

	it.each(['delete', 'download'])(
		'Media → %s takes it, and asks for it by that ID',
		async (operation) => {
			const run = await runSend({
				credentials: META,
				items: [{ resource: 'media', operation, mediaId: BSP_MEDIA_ID }],
				continueOnFail: true,
				answer: () => ({ statusCode: 400, body: { error: { message: 'stop here', code: 100 } } }),
			});
			expect(run.sent.map((request) => request.url)).toEqual([
				`http://127.0.0.1:9/v25.0/${encodeURIComponent(BSP_MEDIA_ID)}`,
			]);
			expect(run.output?.[0].json).toMatchObject({ mediaId: BSP_MEDIA_ID, error: { code: 100 } });
		},
	);

	it('the template form takes it for a media header', () => {
		const shape = describeTemplate(
			templateNamed('order_update', defaultTemplates) as TemplateDefinition,
		);
		const [header] = componentsFromForm(shape, {
			'header-image': BSP_MEDIA_ID,
			'body-1': 'Ana',
			'body-2': '1',
			'body-3': 'May 2',
			'button0-url': '1',
		});
		expect(header).toEqual({
			type: 'header',
			parameters: [{ type: 'image', image: { id: BSP_MEDIA_ID } }],
		});
	});

	it.each([
		['a phone number', '+1 650 555 1234'],
		['a path', '../media/1'],
	])('all refuse %s', (_what, value) => {
		const shape = describeTemplate(
			templateNamed('order_update', defaultTemplates) as TemplateDefinition,
		);
		expect(() =>
			componentsFromForm(shape, {
				'header-image': value,
				'body-1': 'A',
				'body-2': '1',
				'body-3': 'B',
				'button0-url': '1',
			}),
		).toThrow(/neither a public https:\/\/ link nor a media ID/);
		expect(() =>
			buildRequest(
				'media',
				readerFor({
					phoneNumberId: '1065',
					to: '+16505551234',
					mediaType: 'image',
					mediaSource: 'id',
					mediaId: value,
					referenceId: '',
				}),
				0,
				META_REFERENCE_MAX_LENGTH,
			),
		).toThrow(/neither a public https:\/\/ link nor a media ID/);
	});
});
