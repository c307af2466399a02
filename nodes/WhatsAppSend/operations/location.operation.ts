import type { INodeProperties } from 'n8n-workflow';
import { InvalidInputError } from '../../shared/invalid-input';
import { optionalText, showFor, withoutEmpty } from './parameters';
import type { MessageContent, ParameterReader } from '../types';

const show = showFor(['location']);

export const description: INodeProperties[] = [
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { numberPrecision: 6, minValue: -90, maxValue: 90 },
		default: 0,
		required: true,
		description: 'Latitude in decimal degrees, such as 37.758056',
		displayOptions: show,
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { numberPrecision: 6, minValue: -180, maxValue: 180 },
		default: 0,
		required: true,
		description: 'Longitude in decimal degrees, such as -122.425332',
		displayOptions: show,
	},
	{
		displayName: 'Location Name',
		name: 'locationName',
		type: 'string',
		default: '',
		placeholder: 'Philz Coffee',
		description: 'Shown above the address',
		displayOptions: show,
	},
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		default: '',
		placeholder: '101 Forest Ave, Palo Alto, CA 94301',
		displayOptions: show,
	},
];

function coordinate(read: ParameterReader, name: string, limit: number): number {
	const value = Number(read(name));
	if (!Number.isFinite(value) || Math.abs(value) > limit) {
		throw new InvalidInputError(
			`${name === 'latitude' ? 'Latitude' : 'Longitude'} "${String(read(name))}" is not a number between -${limit} and ${limit}.`,
		);
	}
	return value;
}

export function build(read: ParameterReader): MessageContent {
	return {
		type: 'location',
		content: withoutEmpty({
			latitude: coordinate(read, 'latitude', 90),
			longitude: coordinate(read, 'longitude', 180),
			name: optionalText(read, 'locationName'),
			address: optionalText(read, 'address'),
		}),
	};
}
