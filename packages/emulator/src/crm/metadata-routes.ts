import type { Context, Hono } from 'hono';
import { scopeCovers } from '../auth/scopes.js';
import type { EmulatorEnv } from '../connection.js';
import { crmError, crmJson, crmScopeMismatch } from '../crm-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import type { CrmFieldRecord } from './crm-fields.js';
import { openCrmRequest } from './crm-request.js';
import type { CrmModuleRecord } from './crm-state.js';
import { findModule } from './crm-state.js';
import { CRM_VERSION } from './crm-version.js';

/*
 * Metadata: `GET /crm/{version}/settings/modules[/{api_name}]` (scope ZohoCRM.settings.modules.READ) and
 * `GET /crm/{version}/settings/fields?module=` (ZohoCRM.settings.fields.READ), `ZohoCRM.settings.ALL` covering
 * both. Keys follow Zoho's v8 samples (github.com/zoho/crm-oas v8.0/fields getFields), a subset of them.
 */

const JSON_TYPE: Record<string, string> = {
  integer: 'integer',
  bigint: 'string',
  double: 'double',
  currency: 'double',
  boolean: 'boolean',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
};

export function fieldView(field: CrmFieldRecord, ctx: EmulatorContext) {
  const target = field.lookup_module ? findModule(ctx.state.crm, field.lookup_module) : undefined;
  return {
    id: field.id,
    api_name: field.api_name,
    field_label: field.field_label,
    display_label: field.field_label,
    data_type: field.data_type,
    json_type: JSON_TYPE[field.data_type] ?? 'string',
    length: field.length,
    system_mandatory: field.system_mandatory,
    custom_field: field.custom_field,
    read_only: field.read_only,
    field_read_only: field.read_only,
    visible: true,
    unique: field.unique ? { casesensitive: false } : {},
    lookup: target ? { module: { api_name: target.api_name, id: target.id } } : {},
    pick_list_values: field.pick_list_values.map((v) => ({ display_value: v, actual_value: v })),
  };
}

export function moduleView(module: CrmModuleRecord) {
  return {
    id: module.id,
    api_name: module.api_name,
    module_name: module.api_name,
    singular_label: module.singular_label,
    plural_label: module.plural_label,
    generated_type: module.custom ? 'custom' : 'default',
    api_supported: true,
    creatable: true,
    editable: true,
    deletable: true,
    viewable: true,
    visible: true,
    status: 'visible',
  };
}

export function registerMetadataRoutes(
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  concurrency: CrmConcurrency,
): void {
  const open = (c: Context, scope: string) => {
    const opened = openCrmRequest(ctx, concurrency, c);
    if (!opened.ok) return opened.response;
    return scopeCovers(opened.token.scopes, scope) ? null : crmScopeMismatch();
  };
  const base = `/crm/${CRM_VERSION}/settings`;

  app.get(`${base}/modules`, (c) => {
    const refused = open(c, 'ZohoCRM.settings.modules.READ');
    if (refused) return refused;
    return crmJson({ modules: Object.values(ctx.state.crm.modules).map(moduleView) });
  });

  app.get(`${base}/modules/:name`, (c) => {
    const refused = open(c, 'ZohoCRM.settings.modules.READ');
    if (refused) return refused;
    const module = findModule(ctx.state.crm, c.req.param('name'));
    if (!module)
      return crmError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 2 });
    return crmJson({ modules: [{ ...moduleView(module), fields: module.fields.map((f) => fieldView(f, ctx)) }] });
  });

  app.get(`${base}/fields`, (c) => {
    const refused = open(c, 'ZohoCRM.settings.fields.READ');
    if (refused) return refused;
    const name = c.req.query('module');
    if (name === undefined) {
      return crmError(400, 'REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: 'module' });
    }
    const module = findModule(ctx.state.crm, name);
    if (!module)
      return crmError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { param_name: 'module' });
    return crmJson({ fields: module.fields.map((f) => fieldView(f, ctx)) });
  });
}
