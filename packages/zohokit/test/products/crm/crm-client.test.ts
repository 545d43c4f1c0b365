import { describe, expect, it } from 'vitest';
import { escapeCriteriaValue, ZohoNotFoundError, ZohoPermissionError, ZohoValidationError } from 'zohokit';
import { client, connectionReset, fake, json, noContent, rejection, sleep } from '../../support/fake-fetch.js';

const record = (id: string) => ({ code: 'SUCCESS', details: { id }, message: 'record added', status: 'success' });

describe('zoho.crm records', () => {
  it('calls {api_domain}/crm/v8 by default and the configured version otherwise', async () => {
    const f = fake(() => json({ data: [{ id: '1' }], info: { more_records: false } }));
    await client(f).zoho.crm.records('Leads').get('1');
    await client(f, { crm: { version: 'v7' } })
      .zoho.crm.records('Leads')
      .get('1');
    expect(f.calls.map((c) => `${c.url.origin}${c.url.pathname}`)).toEqual([
      'https://api.test/crm/v8/Leads/1',
      'https://api.test/crm/v7/Leads/1',
    ]);
  });

  it('get sends fields only when asked, escapes the id and refuses a bad input before sending', async () => {
    const f = fake(() => json({ data: [{ id: '1' }], info: {} }));
    const { zoho } = client(f);
    expect(await zoho.crm.records('Leads').get('1')).toEqual({ id: '1' });
    await zoho.crm.records('Leads').get('a/b', { fields: ['Last_Name', 'Email'] });
    expect(f.calls.map((c) => `${c.url.pathname}${c.url.search}`)).toEqual([
      '/crm/v8/Leads/1',
      '/crm/v8/Leads/a%2Fb?fields=Last_Name%2CEmail',
    ]);
    for (const bad of [
      zoho.crm.records('Leads').get('1 2'),
      zoho.crm.records('Leads').get('1', { fields: [] }),
      zoho.crm.records('Leads').get('1', { feilds: ['Email'] } as never),
      zoho.crm.records('Leads').get('1', null as never),
    ]) {
      expect(await rejection(bad)).toBeInstanceOf(ZohoValidationError);
    }
    expect(f.calls).toHaveLength(2);
  });

  it('records(module) checks a module name once per client and refuses a bad one every time', () => {
    const { zoho } = client(fake(() => noContent()));
    expect(zoho.crm.records('Leads')).toBe(zoho.crm.records('Leads'));
    expect(zoho.crm.records('Leads')).not.toBe(client(fake(() => noContent())).zoho.crm.records('Leads'));
    for (let i = 0; i < 2; i++) expect(() => zoho.crm.records('Leads;drop')).toThrow(ZohoValidationError);
  });

  it('list needs fields, pages by number for 2,000 records and then by page_token', async () => {
    const f = fake((call) => {
      const page = Number(call.url.searchParams.get('page') ?? 0);
      const token = call.url.searchParams.get('page_token');
      const n = token ? 10 + Number(token.slice(1)) : page;
      const data = Array.from({ length: 200 }, (_, i) => ({ id: String(n * 1000 + i) }));
      return json({ data, info: { more_records: n < 12, next_page_token: `t${n - 9}`, page: n } });
    });
    const { zoho } = client(f);
    expect(() => zoho.crm.records('Leads').list({} as never)).toThrow(ZohoValidationError);
    let count = 0;
    for await (const _ of zoho.crm.records('Leads').list({ fields: ['Last_Name'] })) count++;
    expect(count).toBe(12 * 200);
    const params = f.calls.map((c) => c.url.searchParams);
    expect(params.slice(0, 10).map((p) => p.get('page'))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(params.slice(10).map((p) => [p.get('page'), p.get('page_token')])).toEqual([
      [null, 't1'],
      [null, 't2'],
    ]);
    expect(params[0]?.get('fields')).toBe('Last_Name');
  });

  it('a 204 ends the iteration and a get of a missing record is ZohoNotFoundError', async () => {
    const f = fake(() => noContent());
    const { zoho } = client(f);
    expect(
      await zoho.crm
        .records('Leads')
        .list({ fields: ['Email'] })
        .toArray({ limit: 10 }),
    ).toEqual([]);
    expect(await rejection(zoho.crm.records('Leads').get('9'))).toBeInstanceOf(ZohoNotFoundError);
  });

  it('search escapes ( ) and , in values and joins conditions', async () => {
    const f = fake(() => noContent());
    const { zoho } = client(f);
    const criteria = {
      and: [
        { field: 'Company', op: 'equals', value: 'Acme (UK), Ltd' },
        { field: 'Lead_Source', op: 'in', value: ['Web', 'A,B'] },
      ],
    } as const;
    await zoho.crm.records('Leads').search({ criteria }).toArray({ limit: 5 });
    expect(f.calls[0]?.url.searchParams.get('criteria')).toBe(
      '((Company:equals:Acme \\(UK\\)\\, Ltd)and(Lead_Source:in:Web,A\\,B))',
    );
    expect(escapeCriteriaValue('a\\b')).toBe('a\\\\b');
    await zoho.crm.records('Leads').search({ email: 'a@b.co' }).toArray({ limit: 1 });
    expect(f.calls[1]?.url.searchParams.get('email')).toBe('a@b.co');
  });

  it('writes 100 records per call and answers per record in order, 207 included', async () => {
    const f = fake((call) => {
      const data = (JSON.parse(call.body) as { data: { Last_Name?: string }[] }).data;
      const items = data.map((r, i) =>
        r.Last_Name
          ? record(`${call.at}-${i}`)
          : {
              code: 'MANDATORY_NOT_FOUND',
              details: { api_name: 'Last_Name', json_path: `$.data[${i}].Last_Name` },
              message: 'required field not found',
              status: 'error',
            },
      );
      return json({ data: items }, items.every((x) => x.status === 'success') ? 201 : 207);
    });
    const records = Array.from({ length: 250 }, (_, i) => (i === 120 ? { Email: 'x@y.z' } : { Last_Name: `L${i}` }));
    const result = await client(f).zoho.crm.records('Leads').insert(records);
    expect(f.calls.map((c) => (JSON.parse(c.body) as { data: unknown[] }).data.length).sort()).toEqual([100, 100, 50]);
    expect(result).toMatchObject({ succeeded: 249, failed: 1, notAttempted: 0, calls: 3 });
    expect(result.records.map((r) => r.index)).toEqual(records.map((_, i) => i));
    const bad = result.records[120];
    expect(bad?.error).toBeInstanceOf(ZohoValidationError);
    expect(bad?.error?.details).toMatchObject({ fieldName: 'Last_Name', api_name: 'Last_Name' });
    expect(result.records[0]?.id).toBeTypeOf('string');
  });

  it('a 400 in which no record succeeded is still a per-record result', async () => {
    const f = fake(() =>
      json(
        { data: [{ code: 'INVALID_DATA', details: { api_name: 'Email' }, message: 'invalid data', status: 'error' }] },
        400,
      ),
    );
    const result = await client(f).zoho.crm.records('Leads').insert({ Last_Name: 'x', Email: 'nope' });
    expect(result).toMatchObject({ succeeded: 0, failed: 1 });
    expect(result.records[0]).toMatchObject({ code: 'INVALID_DATA', error: { details: { fieldName: 'Email' } } });
  });

  it('insert with an idempotency key reconciles after a reset instead of inserting again', async () => {
    let posts = 0;
    const f = fake((call) => {
      if (call.method === 'POST') {
        posts++;
        throw connectionReset();
      }
      // The records did land: the search on the key finds them.
      const keys = (call.url.searchParams.get('criteria') ?? '').replace(/^\(zohokit_key:in:|\)$/g, '').split(',');
      return json({ data: keys.map((k, i) => ({ id: `found-${i}`, zohokit_key: k })), info: {} });
    });
    const { zoho, events } = client(f);
    const result = await zoho.crm.records('Leads').insert([{ Last_Name: 'a' }, { Last_Name: 'b' }], {
      idempotencyKey: 'form-42',
    });
    expect(posts).toBe(1);
    expect(JSON.parse(f.calls[0]?.body ?? '{}').data.map((r: { zohokit_key: string }) => r.zohokit_key)).toEqual([
      'form-42.0',
      'form-42.1',
    ]);
    expect(result.records.map((r) => [r.id, r.reconciled])).toEqual([
      ['found-0', true],
      ['found-1', true],
    ]);
    expect(events.some((e) => e.type === 'warning' && e.code === 'crm_insert_reconciled')).toBe(true);
  });

  it('without a key an ambiguous insert is reported, not replayed', async () => {
    const f = fake(() => {
      throw connectionReset();
    });
    const result = await client(f).zoho.crm.records('Leads').insert({ Last_Name: 'a' });
    expect(f.calls).toHaveLength(1);
    expect(result.records[0]).toMatchObject({ status: 'error', error: { outcome: 'ambiguous' } });
  });

  it('OAUTH_SCOPE_MISMATCH is ZohoPermissionError naming the scope the call needs', async () => {
    const f = fake(() =>
      json(
        {
          code: 'OAUTH_SCOPE_MISMATCH',
          details: {},
          message: 'invalid oauth scope to access this URL',
          status: 'error',
        },
        401,
      ),
    );
    const error = await rejection(client(f).zoho.crm.records('Leads').get('1'));
    expect(error).toBeInstanceOf(ZohoPermissionError);
    expect(error.details?.requiredScope).toBe('ZohoCRM.modules.leads.READ');
    expect(f.tokenCalls()).toBe(1);
  });

  it('INVALID_TOKEN refreshes once and replays once', async () => {
    let n = 0;
    const f = fake(() =>
      ++n === 1
        ? json({ code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }, 401)
        : json({ org: [{ id: 'o1' }] }),
    );
    const { zoho } = client(f);
    expect((await zoho.crm.org()).id).toBe('o1');
    expect(f.tokenCalls()).toBe(2);
    await zoho.crm.org();
    expect(f.calls).toHaveLength(2);
  });

  it('INVALID_URL_PATTERN says to check api_domain', async () => {
    const f = fake(() =>
      json(
        {
          code: 'INVALID_URL_PATTERN',
          details: {},
          message: 'Please check if the URL trying to access is a correct one',
          status: 'error',
        },
        404,
      ),
    );
    const error = await rejection(client(f).zoho.crm.modules());
    expect(error.fix).toMatch(/api_domain/);
  });

  it('caps concurrent CRM calls at crm.maxConcurrency and reports the waits', async () => {
    const f = fake(async () => {
      await sleep(20);
      return json({ data: [{ id: '1' }] });
    });
    const { zoho, events } = client(f, { crm: { maxConcurrency: 2 } });
    await Promise.all(Array.from({ length: 6 }, () => zoho.crm.records('Leads').get('1')));
    expect(f.maxInFlight()).toBe(2);
    expect(events.some((e) => e.type === 'rate_limit.wait')).toBe(true);
  });

  it('coql pages with LIMIT offset, count while more_records', async () => {
    const f = fake((call) => {
      const q = (JSON.parse(call.body) as { select_query: string }).select_query;
      const offset = Number(/limit (\d+), /.exec(q)?.[1] ?? 0);
      return json({ data: [{ id: String(offset) }], info: { count: 1, more_records: offset < 2 } });
    });
    const rows = await client(f)
      .zoho.crm.coql('select Last_Name from Leads where Last_Name is not null', { pageSize: 1 })
      .toArray({ limit: 10 });
    expect(rows.map((r) => r.id)).toEqual(['0', '1', '2']);
  });
});
