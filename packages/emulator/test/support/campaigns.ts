import type { EmulatorHandle } from '@zohokit/emulator';
import { CAMPAIGNS_SEED_LISTS } from '@zohokit/emulator';
import { expect } from 'vitest';
import { selfClientTokens } from './helpers.js';

/** The seeded lists' keys, as documented in the README. */
export const IMMEDIATE = CAMPAIGNS_SEED_LISTS.immediate.listKey;
export const DOUBLE_OPT_IN = CAMPAIGNS_SEED_LISTS.doubleOptIn.listKey;

export const ALL_SCOPE = 'ZohoCampaigns.contact.ALL';

export type CampaignsTransport = 'query' | 'form' | 'multipart' | 'get';

export interface CampaignsReply {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: Record<string, unknown>;
}

/** An access token through the real flow (self client, console code, exchange). */
export async function campaignsToken(emu: EmulatorHandle, scope = ALL_SCOPE): Promise<string> {
  return (await selfClientTokens(emu, scope)).accessToken;
}

/**
 * Calls `/api/v1.1/<api>` with `resfmt=JSON` added, the parameters in a POST's query string, an urlencoded or a
 * multipart body, or a GET's query string.
 */
export async function campaigns(
  emu: EmulatorHandle,
  token: string | null,
  api: string,
  params: Record<string, string | number> = {},
  transport: CampaignsTransport = 'form',
): Promise<CampaignsReply> {
  const all: Record<string, string> = { resfmt: 'JSON' };
  for (const [key, value] of Object.entries(params)) all[key] = String(value);
  const headers: Record<string, string> = token === null ? {} : { Authorization: `Zoho-oauthtoken ${token}` };
  const url = `${emu.endpoints.campaigns}/api/v1.1/${api}`;
  let response: Response;
  if (transport === 'query' || transport === 'get') {
    const method = transport === 'get' ? 'GET' : 'POST';
    response = await fetch(`${url}?${new URLSearchParams(all)}`, { method, headers });
  } else if (transport === 'form') {
    response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(all) });
  } else {
    const form = new FormData();
    for (const [key, value] of Object.entries(all)) form.append(key, value);
    response = await fetch(url, { method: 'POST', headers, body: form });
  }
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    body: JSON.parse(text),
  };
}

export const contactinfo = (fields: Record<string, string>): string => JSON.stringify(fields);

/** The error envelope every failure arrives in, inside HTTP 200. */
export const errorEnvelope = (code: string, uri: string) => ({
  status: 'error',
  code,
  message: expect.any(String),
  uri,
  version: '1.1',
});
