import type { DataTableColumn } from '../scripts/n8n-data-tables';

/** The demo's CRM: an n8n Data Table, one row per contact, keyed by `crmKey` (the Reference ID). */
export const crmTableName = 'WhatsApp CRM';

export const crmColumns: DataTableColumn[] = [
	{ name: 'crmKey', type: 'string' },
	{ name: 'name', type: 'string' },
	{ name: 'phone', type: 'string' },
	{ name: 'status', type: 'string' },
	{ name: 'statusRank', type: 'number' },
	{ name: 'messageId', type: 'string' },
	{ name: 'errorCode', type: 'number' },
	// Not `updatedAt`: every data table has that system column already.
	{ name: 'statusAt', type: 'date' },
];

/**
 * How far a message has got. A status only replaces one of a lower rank, so a late `delivered`
 * never overwrites `read`, and a repeated status changes nothing. Ranks are a fact of the
 * statuses, not of their arrival order, which Meta does not guarantee.
 */
export const statusRanks = { sent: 1, delivered: 2, read: 3, played: 4, failed: 5 } as const;

/** The rank of a contact no message has been sent to yet, or whose message was just queued. */
export const unsentRank = 0;

export interface CrmContact {
	crmKey: string;
	name: string;
	phone: string;
}

/** Fictional numbers (555-01xx); nothing leaves the machine anyway. */
export const crmContacts: CrmContact[] = [
	{ crmKey: 'crm-1001', name: 'Ana Souza', phone: '+1 (202) 555-0101' },
	{ crmKey: 'crm-1002', name: 'Ben Okafor', phone: '+1 (202) 555-0102' },
	{ crmKey: 'crm-1003', name: 'Chloé Martin', phone: '+1 (202) 555-0103' },
	{ crmKey: 'crm-1004', name: 'Dev Patel', phone: '+1 (202) 555-0104' },
	{ crmKey: 'crm-1005', name: 'Eva Novak', phone: '+1 (202) 555-0199' },
];

/** The contact whose messages the sandbox fails with 131026 (undeliverable), as Meta would. */
export const unreachableContact = crmContacts[4];

/** A fresh row per contact: nothing sent yet. */
export function crmRows() {
	return crmContacts.map((contact) => ({
		...contact,
		status: 'new',
		statusRank: unsentRank,
		messageId: null,
		errorCode: null,
		statusAt: null,
	}));
}
