import { afterEach, describe, expect, it } from 'vitest';
import { parseJson } from '../support/run-cli.js';
import { expectExit, startTenant, type Tenant } from '../support/tenant.js';

const CRM_SCOPES = ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL', 'ZohoCRM.coql.READ'];

let tenant: Tenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('zohokit crm', () => {
  it('inserts with a per-record report, then searches, lists and reads modules as JSON', async () => {
    tenant = await startTenant({ scopes: CRM_SCOPES });
    const data = JSON.stringify([{ Last_Name: 'Ada (L), x', Email: 'ada@example.com' }, { Email: 'b@example.com' }]);
    // One record refused: the run reports both and exits with the API code.
    const inserted = expectExit(await tenant.cli(['crm', 'records', 'insert', 'Leads', '-d', data, '--json']), 1);
    const report = parseJson<{ succeeded: number; failed: number; records: { status: string; code: string }[] }>(
      inserted.stdout,
    );
    expect(report).toMatchObject({ succeeded: 1, failed: 1 });
    expect(report.records.map((r) => r.code)).toEqual(['SUCCESS', 'MANDATORY_NOT_FOUND']);

    const found = expectExit(
      await tenant.cli(['crm', 'records', 'search', 'Leads', '--criteria', '(Last_Name:equals:Ada (L), x)', '--json']),
      0,
    );
    expect(parseJson<{ Email: string }[]>(found.stdout).map((r) => r.Email)).toEqual(['ada@example.com']);

    const listed = expectExit(
      await tenant.cli(['crm', 'records', 'list', 'Leads', '--fields', 'Last_Name,Email', '--json']),
      0,
    );
    expect(parseJson<unknown[]>(listed.stdout)).toHaveLength(1);
    const modules = expectExit(await tenant.cli(['crm', 'modules', '--json']), 0);
    expect(parseJson<{ api_name: string }[]>(modules.stdout).map((m) => m.api_name)).toContain('Deals');
  });
});
