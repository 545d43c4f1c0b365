const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Accounts answers browser-facing errors (consent page, wrong method) with an HTML page, not JSON
 * (zoho-api.md §1.3: "Invalid Client — The transmitted client ID does not exist" on the consent page).
 */
export function htmlPage(
  status: number,
  title: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const html = `<!DOCTYPE html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(
    title,
  )}</h1><p>${escapeHtml(message)}</p></body></html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html;charset=UTF-8', ...headers } });
}

/** The token endpoints are POST only; a browser GET gets a page, never a token JSON (zoho-api.md §1.3). */
export function methodNotAllowed(): Response {
  return htmlPage(405, 'Method Not Allowed', 'This endpoint accepts POST requests only.', { Allow: 'POST' });
}
