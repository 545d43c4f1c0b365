import type { Context } from 'hono';

/**
 * Zoho's token endpoints take their parameters from the query string of a POST (Zoho's own examples), from an
 * `x-www-form-urlencoded` body, or from a `multipart/form-data` body (the official TS SDK) — zoho-api.md §1.3
 * "Parameter transport". All three are merged here; a body value wins over the same name in the query.
 */
export async function readParams(c: Context): Promise<Record<string, string>> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(c.req.url).searchParams) params[key] = value;
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  const isForm =
    contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('multipart/form-data');
  if (!isForm) return params;
  try {
    const body = await c.req.parseBody();
    for (const [key, value] of Object.entries(body)) {
      // Files and repeated keys carry no OAuth parameter; only plain strings count.
      if (typeof value === 'string') params[key] = value;
    }
  } catch {
    // A malformed body contributes nothing; the missing parameters then produce Zoho's usual error.
  }
  return params;
}
