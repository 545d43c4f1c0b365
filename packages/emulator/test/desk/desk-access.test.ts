import type { EmulatorHandle } from '@zohokit/emulator';
import { DESK_FOREIGN_ORG_ID, DESK_ORG_ID, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskSession } from '../support/desk.js';
import { deskCall, deskSession, validation } from '../support/desk.js';
import { bogus, selfClientTokens } from '../support/helpers.js';

const INVALID_OAUTH = { errorCode: 'INVALID_OAUTH', message: 'The OAuth Token you provided is invalid.' };
const ORG_MISMATCH = {
  errorCode: 'OAUTH_ORG_MISMATCH',
  message: 'The OAuth token was generated for another organization.',
};
const scopeMismatch = (scope: string) => ({
  errorCode: 'SCOPE_MISMATCH',
  message: `The OAuth token does not have the scope to access this resource. Required scope: ${scope}`,
});

let emu: EmulatorHandle;
let desk: DeskSession;
beforeAll(async () => {
  emu = await startEmulator();
  desk = await deskSession(emu);
});
afterAll(() => emu.close());

describe('GET /api/v1/organizations', () => {
  it("lists only the token user's orgs, without an orgId header", async () => {
    const reply = await desk.call('/api/v1/organizations', { orgId: null });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(reply.body).toEqual({
      data: [
        {
          id: DESK_ORG_ID,
          companyName: 'Zohokit Dev',
          portalName: 'zohokitdev',
          portalURL: 'https://desk.zoho.com/support/zohokitdev',
          edition: 'STANDARD',
          isAdminInOrg: true,
          isDefault: true,
          createdTime: expect.stringMatching(/\.000Z$/),
        },
      ],
    });
  });

  it('needs Desk.basic.READ and takes no query parameters', async () => {
    const { accessToken } = await selfClientTokens(emu, 'Desk.tickets.ALL');
    const reply = await deskCall(emu, accessToken, '/api/v1/organizations', { defaultOrgId: DESK_ORG_ID });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(scopeMismatch('Desk.basic.READ'));
    const extra = await desk.call('/api/v1/organizations?from=0');
    expect(extra.status).toBe(422);
    expect(extra.body).toEqual({
      errorCode: 'UNPROCESSABLE_ENTITY',
      message: "Extra query parameter 'from' is present in the input.",
    });
  });
});

describe('the checks every Desk call passes', () => {
  it('answers 401 INVALID_OAUTH for a missing, unknown, mis-schemed or expired token', async () => {
    const { client, accessToken } = await selfClientTokens(emu, 'Desk.tickets.READ');
    const attempts: Array<Record<string, string>> = [
      {},
      { Authorization: `Zoho-oauthtoken ${bogus()}` },
      { Authorization: `Bearer ${bogus()}` },
      { Authorization: `Basic ${accessToken}` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${emu.url}/api/v1/tickets`, { headers: { orgId: desk.orgId, ...headers } });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(INVALID_OAUTH);
    }
    await emu.control.expireTokens({ clientId: client.clientId });
    const expired = await deskCall(emu, accessToken, '/api/v1/tickets', { defaultOrgId: desk.orgId });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(INVALID_OAUTH);
  });

  it('answers 422 when the orgId header is missing or not an id', async () => {
    const missing = await desk.call('/api/v1/tickets', { orgId: null });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual(validation([{ fieldName: '/orgId', errorType: 'missing' }]));
    const invalid = await desk.call('/api/v1/departments', { orgId: 'my-org' });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual(validation([{ fieldName: '/orgId', errorType: 'invalid' }]));
  });

  it('answers 401 OAUTH_ORG_MISMATCH for an org the user does not belong to, or none at all', async () => {
    expect(desk.foreignOrgId).toBe(DESK_FOREIGN_ORG_ID);
    for (const orgId of [DESK_FOREIGN_ORG_ID, '123456789']) {
      const reply = await desk.call('/api/v1/tickets', { orgId });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(ORG_MISMATCH);
    }
  });

  it('answers 401 SCOPE_MISMATCH naming the scope the token lacks', async () => {
    const { accessToken } = await selfClientTokens(emu, 'Desk.tickets.CREATE,Desk.basic.READ');
    const call = (path: string, method = 'GET', body?: unknown) =>
      deskCall(emu, accessToken, path, { defaultOrgId: desk.orgId, method, body });
    const cases: Array<[string, string, string]> = [
      ['GET', '/api/v1/tickets', 'Desk.tickets.READ'],
      ['GET', '/api/v1/tickets/search?subject=x', 'Desk.search.READ'],
      ['PATCH', '/api/v1/tickets/1', 'Desk.tickets.UPDATE'],
      ['POST', '/api/v1/tickets/moveToTrash', 'Desk.tickets.DELETE'],
      ['GET', '/api/v1/contacts', 'Desk.contacts.READ'],
      ['POST', '/api/v1/contacts', 'Desk.contacts.CREATE'],
      ['GET', '/api/v1/contacts/search?email=a@b.c', 'Desk.search.READ'],
    ];
    for (const [method, path, scope] of cases) {
      const reply = await call(path, method, method === 'GET' ? undefined : {});
      expect(reply.status, `${method} ${path}`).toBe(401);
      expect(reply.body).toEqual(scopeMismatch(scope));
    }
    // Departments need Desk.basic.READ, which this token has; ticket create needs Desk.tickets.CREATE only.
    expect((await call('/api/v1/departments')).status).toBe(200);
    const created = await call('/api/v1/tickets', 'POST', {
      subject: 'Scoped',
      departmentId: desk.supportId,
      contact: { email: 'scoped@example.com' },
    });
    expect(created.status).toBe(200);

    // Search needs both scopes: with Desk.search.READ alone, the tickets scope is named.
    const searchOnly = await selfClientTokens(emu, 'Desk.search.READ');
    const reply = await deskCall(emu, searchOnly.accessToken, '/api/v1/tickets/search?subject=x', {
      defaultOrgId: desk.orgId,
    });
    expect(reply.body).toEqual(scopeMismatch('Desk.tickets.READ'));
  });

  it('lets Desk.<resource>.ALL grant every operation on that resource', async () => {
    const { accessToken } = await selfClientTokens(emu, 'Desk.contacts.ALL');
    const call = (path: string, method = 'GET', body?: unknown) =>
      deskCall(emu, accessToken, path, { defaultOrgId: desk.orgId, method, body });
    expect((await call('/api/v1/contacts', 'POST', { lastName: 'All' })).status).toBe(200);
    expect((await call('/api/v1/contacts')).status).toBe(200);
    expect((await call('/api/v1/tickets')).body).toEqual(scopeMismatch('Desk.tickets.READ'));
  });

  it('checks the token before the org, and the org before the scopes', async () => {
    const { accessToken } = await selfClientTokens(emu, 'Desk.basic.READ');
    const call = (token: string, orgId: string | null) =>
      deskCall(emu, token, '/api/v1/tickets', { defaultOrgId: desk.orgId, orgId });
    expect((await call(bogus(), null)).body).toEqual(INVALID_OAUTH);
    expect((await call(accessToken, null)).status).toBe(422);
    expect((await call(accessToken, DESK_FOREIGN_ORG_ID)).body).toEqual(ORG_MISMATCH);
    expect((await call(accessToken, desk.orgId)).body).toEqual(scopeMismatch('Desk.tickets.READ'));
  });

  it('narrows a client-credentials token to the org named in its soid (ZohoDesk.<orgId>)', async () => {
    const client = await emu.control.createClient({ type: 'self' });
    const mint = async (soid: string) => {
      const params = {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        scope: 'Desk.basic.READ',
        soid,
      };
      const response = await fetch(`${emu.url}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams(params) });
      return ((await response.json()) as { access_token: string }).access_token;
    };
    const own = await mint(`ZohoDesk.${DESK_ORG_ID}`);
    expect((await deskCall(emu, own, '/api/v1/departments', { defaultOrgId: DESK_ORG_ID })).status).toBe(200);
    const other = await mint(`ZohoDesk.${DESK_FOREIGN_ORG_ID}`);
    const reply = await deskCall(emu, other, '/api/v1/departments', { defaultOrgId: DESK_ORG_ID });
    expect(reply.body).toEqual(ORG_MISMATCH);
    expect((await deskCall(emu, other, '/api/v1/organizations', { defaultOrgId: DESK_ORG_ID })).body).toEqual({
      data: [],
    });
  });

  it("rejects an unknown query parameter naming it, e.g. Desk's missing sortOrder", async () => {
    const reply = await desk.call('/api/v1/tickets?sortBy=createdTime&sortOrder=desc');
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      errorCode: 'UNPROCESSABLE_ENTITY',
      message: "Extra query parameter 'sortOrder' is present in the input.",
    });
    const onGet = await desk.call('/api/v1/tickets/1?limit=1');
    expect(onGet.body.message).toBe("Extra query parameter 'limit' is present in the input.");
  });
});

describe('Desk URLs', () => {
  it('answers URL_NOT_FOUND for an unknown Desk path and METHOD_NOT_ALLOWED for a wrong method', async () => {
    const unknown = await desk.call('/api/v1/tikets');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ errorCode: 'URL_NOT_FOUND', message: 'The URL you requested could not be found.' });
    const wrong = await desk.call('/api/v1/tickets/123', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.body.errorCode).toBe('METHOD_NOT_ALLOWED');
  });

  it('serves a request addressed to a Desk host as Desk, and other paths keep their own envelope', async () => {
    const crm = await fetch(`${emu.url}/no/such/path`);
    expect(((await crm.json()) as { code: string }).code).toBe('INVALID_URL_PATTERN');
    // undici does not let fetch override Host, so a raw request stands in for a hosts-file alias.
    const { request } = await import('node:http');
    const viaDeskHost = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${emu.url}/no/such/path`, { headers: { Host: 'desk.zoho.eu' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(viaDeskHost.status).toBe(404);
    expect(JSON.parse(viaDeskHost.body)).toEqual({
      errorCode: 'URL_NOT_FOUND',
      message: 'The URL you requested could not be found.',
    });
  });

  it('counts Desk calls per route like every other product route', async () => {
    await emu.control.resetCounters();
    await desk.call('/api/v1/departments');
    await desk.call('/api/v1/tickets/999');
    const { requests } = await emu.control.counters();
    expect(requests['GET /api/v1/departments']).toEqual({ '200': 1 });
    expect(requests['GET /api/v1/tickets/:ticketId']).toEqual({ '404': 1 });
  });
});
