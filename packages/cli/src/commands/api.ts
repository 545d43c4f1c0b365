/**
 * `zohokit api <product> <METHOD> <path>`: any Zoho API through the SDK's one pipeline (token, deadline,
 * retries, refresh-once on 401, typed errors), like `gh api`. The answer is printed as JSON.
 */
import type { RequestSpec } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type { API_FLAGS } from '../define/api.js';
import type { Context } from '../runtime.js';
import { createZoho, keyValues, printJson, readJsonInput, resolveProfile, usage } from '../runtime.js';

const PRODUCTS: Record<string, RequestSpec['product']> = {
  desk: 'desk',
  campaigns: 'campaigns',
  api: 'api',
  crm: 'api',
  books: 'api',
};
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export async function api(
  ctx: Context,
  options: CommandOptions<typeof API_FLAGS>,
  productName: string,
  methodName: string,
  path: string,
): Promise<void> {
  const product = PRODUCTS[productName.toLowerCase()];
  if (product === undefined) {
    throw usage(
      `unknown product ${JSON.stringify(productName)}`,
      `Use one of ${Object.keys(PRODUCTS).join(', ')}; api is the unified API domain (www.zohoapis.<dc>) for CRM, Books and the rest`,
    );
  }
  const method = methodName.toUpperCase();
  if (!METHODS.includes(method))
    throw usage(`unknown method ${JSON.stringify(methodName)}`, `Use one of ${METHODS.join(', ')}`);
  if (!path.startsWith('/'))
    throw usage(`the path must start with / (got ${JSON.stringify(path)})`, 'For example /api/v1/tickets');
  if (options.data !== undefined && options.field !== undefined)
    throw usage('--data and --field cannot be combined', 'Send a JSON body (-d) or a form (-f), not both');

  const profile = await resolveProfile(ctx, { orgId: options.orgId });
  const query: Record<string, string> = Object.fromEntries(keyValues(options.query, '--query'));
  const headers: Record<string, string> = Object.fromEntries(keyValues(options.header, '--header', ':'));
  let form: Record<string, string> | undefined = options.field
    ? Object.fromEntries(keyValues(options.field, '--field'))
    : undefined;
  const body = options.data === undefined ? undefined : await readJsonInput(options.data);

  if (product === 'desk' && profile.deskOrgId.value !== undefined && !hasHeader(headers, 'orgId')) {
    headers.orgId = profile.deskOrgId.value;
  }
  if (product === 'campaigns') {
    // Campaigns answers XML unless asked for JSON; parameters of writes travel in the form.
    if (form !== undefined) form = { resfmt: 'JSON', ...form };
    else if (query.resfmt === undefined) query.resfmt = 'JSON';
  }

  const zoho = createZoho(ctx, profile);
  const result = await zoho.request({ product, method, path, query, headers, body, form });
  if (result !== undefined || ctx.globals.json) printJson(ctx, result);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
}
