// GET /v1/reports/accounts: one row per active account (SPEC §6), sorted by accountId.
import { activeAccountRows, type AccountRow } from './account-row.js';
import { defineReport } from './report-definition.js';
import { ALL_INPUTS } from './report-inputs.js';
import { ACCOUNT_COLUMNS, tableOf } from './report-tables.js';
import { isoTime } from './window.js';

export interface AccountsReport {
  from: string;
  to: string;
  accounts: AccountRow[];
}

export const accountsDefinition = defineReport<AccountsReport>({
  name: 'accounts',
  path: '/v1/reports/accounts',
  inputs: { ...ALL_INPUTS, featureUse: false, planChanges: false, responsePairs: false },
  build: ({ index, window }) => ({ from: isoTime(window.from)!, to: isoTime(window.to)!, accounts: activeAccountRows(index) }),
  csv: (report) => tableOf(ACCOUNT_COLUMNS, report.accounts),
});
