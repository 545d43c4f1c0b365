import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import type { DeskFieldError } from './desk-errors.js';
import { deskJson, deskMethodNotAllowed, deskNotFound, deskValidationError } from './desk-errors.js';
import { pageOf, readPage, sortRecords } from './desk-list.js';
import { openDeskAccountCall, openDeskCall, tokenOrgs } from './desk-request.js';
import { departmentView, orgView } from './desk-views.js';

/** Organizations and departments, both under the `Desk.basic.READ` scope (docs/zoho-behaviour.md "Scopes"). */
export function registerOrgRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: DeskConcurrency): void {
  const methodNotAllowed = () => deskMethodNotAllowed();

  // The one call without `orgId` (zoho-api.md §2.1): every org of the token's user, in one unpaged answer.
  app.get('/api/v1/organizations', (c) => {
    const call = openDeskAccountCall(ctx, c, { scopes: ['Desk.basic.READ'] });
    if (!call.ok) return call.response;
    const orgs = tokenOrgs(ctx, call.token);
    return deskJson({ data: orgs.map((org, i) => orgView(ctx, org, i === 0)) });
  });
  app.all('/api/v1/organizations', methodNotAllowed);

  app.get('/api/v1/departments', (c) => {
    const call = openDeskCall(ctx, concurrency, c, {
      scopes: ['Desk.basic.READ'],
      query: ['from', 'limit', 'isEnabled'],
    });
    if (!call.ok) return call.response;
    const errors: DeskFieldError[] = [];
    const page = readPage(call.query, errors);
    const isEnabled = call.query.get('isEnabled');
    if (isEnabled !== undefined && isEnabled !== 'true' && isEnabled !== 'false') {
      errors.push({ fieldName: '/isEnabled', errorType: 'invalid', errorMessage: "'isEnabled' takes true or false." });
    }
    if (errors.length > 0) return deskValidationError(errors);
    const departments = Object.values(ctx.state.desk.departments).filter(
      (d) => d.orgId === call.org.id && (isEnabled === undefined || String(d.isEnabled) === isEnabled),
    );
    return deskJson({
      data: pageOf(
        sortRecords(departments, null, () => null),
        page,
      ).map(departmentView),
    });
  });
  app.all('/api/v1/departments', methodNotAllowed);

  app.get('/api/v1/departments/:departmentId', (c) => {
    const call = openDeskCall(ctx, concurrency, c, { scopes: ['Desk.basic.READ'] });
    if (!call.ok) return call.response;
    const department = lookup(ctx.state.desk.departments, c.req.param('departmentId'));
    return department?.orgId === call.org.id ? deskJson(departmentView(department)) : deskNotFound();
  });
  app.all('/api/v1/departments/:departmentId', methodNotAllowed);
}
