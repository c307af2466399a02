import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import { showFor, withoutEmpty } from './parameters';
import type { MessageContent, ParameterReader } from '../types';

export const description: INodeProperties[] = [
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Contact',
		default: {},
		description: 'Contact cards the recipient can save or message',
		displayOptions: showFor(['contacts']),
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					{
						displayName: 'Company',
						name: 'company',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Email',
						name: 'email',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
					{
						displayName: 'First Name',
						name: 'firstName',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Formatted Name',
						name: 'formattedName',
						type: 'string',
						default: '',
						description: 'The full name as shown, required',
					},
					{
						displayName: 'Last Name',
						name: 'lastName',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Phone',
						name: 'phone',
						type: 'string',
						default: '',
						placeholder: '+16505551234',
					},
					{
						displayName: 'Website',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://example.com',
					},
				],
			},
		],
	},
];

/** The forms Meta's spec gives contact emails and websites (JSON Schema's email and uri formats). */
const EMAIL =
	/^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const WEBSITE = /^https?:\/\/\S+$/i;

function contactCard(contact: IDataObject, position: number): IDataObject {
	const formattedName = String(contact.formattedName ?? '').trim();
	if (formattedName === '') {
		throw new InvalidInputError(
			`Contact ${position} has no Formatted Name; WhatsApp requires one.`,
		);
	}
	const text = (name: string) => {
		const value = String(contact[name] ?? '').trim();
		return value === '' ? undefined : value;
	};
	const phone = text('phone');
	const email = text('email');
	const company = text('company');
	const url = text('url');
	if (email !== undefined && !EMAIL.test(email)) {
		throw new InvalidInputError(`Contact ${position}: Email "${email}" is not an email address.`);
	}
	if (url !== undefined && !WEBSITE.test(url)) {
		throw new InvalidInputError(
			`Contact ${position}: Website "${url}" is not a web address starting with http:// or https://.`,
		);
	}
	return withoutEmpty({
		name: withoutEmpty({
			formatted_name: formattedName,
			first_name: text('firstName'),
			last_name: text('lastName'),
		}),
		phones: phone ? [{ phone, type: 'CELL' }] : undefined,
		emails: email ? [{ email, type: 'WORK' }] : undefined,
		org: company ? { company } : undefined,
		urls: url ? [{ url, type: 'WORK' }] : undefined,
	});
}

export function build(read: ParameterReader): MessageContent {
	const contacts = read('contacts.contact', []) as IDataObject[];
	if (contacts.length === 0) throw new InvalidInputError('Add at least one contact to send.');
	return {
		type: 'contacts',
		content: contacts.map((contact, index) => contactCard(contact, index + 1)),
	};
}
