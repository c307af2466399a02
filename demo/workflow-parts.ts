import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import type { DataTable, DataTableColumnType } from '../scripts/n8n-data-tables';
import { crmColumns } from './crm';

export const PACKAGE = 'n8n-nodes-whatsapp-reference';

/** A credential as a node refers to it. */
export interface CredentialRef {
	id: string;
	name: string;
}

/** Makes the nodes of one workflow; node ids only need to be unique within it, and stable ones keep re-deploys diffable. */
export function nodeMaker(workflowId: string) {
	return (
		name: string,
		type: string,
		typeVersion: number,
		position: [number, number],
		parameters: INodeParameters,
		extra: Partial<INode> = {},
	): INode => ({
		id: `${workflowId}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	});
}

/** Each node feeds the next one. */
export function chain(names: string[]): IConnections {
	return Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, index) => [
				name,
				{ main: [[{ node: names[index + 1], type: 'main', index: 0 }]] },
			]),
	) as IConnections;
}

/** The table as the editor saves a choice from its list, so the node shows the table's name. */
export function dataTableLocator(
	table: Pick<DataTable, 'id' | 'name' | 'projectId'>,
): INodeParameters {
	return {
		__rl: true,
		mode: 'list',
		value: table.id,
		cachedResultName: table.name,
		cachedResultUrl: `/projects/${table.projectId}/datatables/${table.id}`,
	};
}

/** Data table conditions, all of which must hold. */
export function allConditions(
	conditions: Array<[column: string, condition: 'eq' | 'lt', value: string]>,
): INodeParameters {
	return {
		matchType: 'allConditions',
		filters: {
			conditions: conditions.map(([keyName, condition, keyValue]) => ({
				keyName,
				condition,
				keyValue,
			})),
		},
	};
}

const mapperTypes: Record<DataTableColumnType, string> = {
	string: 'string',
	number: 'number',
	boolean: 'boolean',
	date: 'dateTime',
};

/**
 * The Data table node's "Columns" as the editor saves them: only the columns in `values` are
 * written; the others are listed as removed, so the row keeps their values.
 */
export function columnValues(values: Record<string, string | number | null>): INodeParameters {
	return {
		mappingMode: 'defineBelow',
		value: values,
		matchingColumns: [],
		schema: crmColumns.map((column) => ({
			id: column.name,
			displayName: column.name,
			required: false,
			defaultMatch: false,
			display: true,
			type: mapperTypes[column.type],
			readOnly: false,
			removed: !(column.name in values),
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}
