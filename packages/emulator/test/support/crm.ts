import type { EmulatorHandle } from '@zohokit/emulator';
import { selfClientTokens } from './helpers.js';

/** One CRM call over HTTP: status, content type, raw text and the parsed body (null when empty). */
export interface CrmReply {
  status: number;
  type: string | null;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
  body: any;
}

export type CrmCaller = (method: string, path: string, body?: unknown) => Promise<CrmReply>;

/** A caller bound to `emu` and a token (null sends none). Paths start at the version: `/crm/v8/Leads`. */
export function crmCaller(emu: EmulatorHandle, token: string | null): CrmCaller {
  return async (method, path, body) => {
    const headers: Record<string, string> = token === null ? {} : { Authorization: `Zoho-oauthtoken ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${emu.endpoints.api}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text,
      body: text ? JSON.parse(text) : null,
    };
  };
}

/** A token with `scope` (default every module) and a caller using it. */
export async function crmSession(emu: EmulatorHandle, scope = 'ZohoCRM.modules.ALL') {
  const tokens = await selfClientTokens(emu, scope);
  return { ...tokens, call: crmCaller(emu, tokens.accessToken) };
}
