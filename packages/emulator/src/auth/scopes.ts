/**
 * Zoho scopes are `Service.scope.OPERATION` and are requested comma-separated (zoho-api.md §1.3), while token
 * responses report them space-separated. Whitespace is accepted as a separator too, so a scope string copied
 * from a token response parses the same way.
 */
export function parseScopes(value: string | readonly string[] | undefined): string[] {
  const parts = typeof value === 'string' ? value.split(/[\s,]+/) : (value ?? []).flatMap((v) => v.split(/[\s,]+/));
  return [...new Set(parts.map((p) => p.trim()).filter((p) => p.length > 0))];
}

/**
 * Whether the granted scopes include `required`. `X.y.ALL` covers every operation under `X.y.`
 * (`Desk.tickets.ALL` covers `Desk.tickets.CREATE`, zoho-api.md §2.5). Compared case-insensitively.
 */
export function scopeCovers(granted: readonly string[], required: string): boolean {
  const want = required.toLowerCase();
  return granted.some((scope) => {
    const have = scope.toLowerCase();
    if (have === want) return true;
    return have.endsWith('.all') && want.startsWith(have.slice(0, -'all'.length));
  });
}
