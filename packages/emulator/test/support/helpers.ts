import { randomUUID } from 'node:crypto';
import type { CreatedClient, EmulatorHandle } from '@zohokit/emulator';

export type Transport = 'query' | 'form' | 'multipart';

export interface TokenReply {
  status: number;
  contentType: string | null;
  text: string;
  body: Record<string, unknown>;
}

/** POSTs to /oauth/v2/token with the parameters in the query string, a urlencoded body, or a multipart body. */
export async function postToken(
  emu: EmulatorHandle,
  params: Record<string, string>,
  transport: Transport = 'form',
): Promise<TokenReply> {
  let response: Response;
  if (transport === 'query') {
    response = await fetch(`${emu.url}/oauth/v2/token?${new URLSearchParams(params)}`, { method: 'POST' });
  } else if (transport === 'form') {
    response = await fetch(`${emu.url}/oauth/v2/token`, { method: 'POST', body: new URLSearchParams(params) });
  } else {
    const form = new FormData();
    for (const [key, value] of Object.entries(params)) form.append(key, value);
    response = await fetch(`${emu.url}/oauth/v2/token`, { method: 'POST', body: form });
  }
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, body: JSON.parse(text) };
}

/** A value that is certainly not a token the emulator issued, generated so no token-shaped literal is committed. */
export const bogus = (): string => `not-issued-${randomUUID()}`;

export interface SelfClientTokens {
  client: CreatedClient;
  accessToken: string;
  refreshToken: string;
}

/** Self client + console grant code + exchange: the classic integration's setup (DESIGN.md §0). */
export async function selfClientTokens(emu: EmulatorHandle, scope = 'ZohoCRM.modules.ALL'): Promise<SelfClientTokens> {
  const client = await emu.control.createClient({ type: 'self' });
  const { code } = await emu.control.mintGrantCode({ clientId: client.clientId, scope });
  const reply = await postToken(emu, {
    grant_type: 'authorization_code',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    code,
  });
  if (typeof reply.body.access_token !== 'string' || typeof reply.body.refresh_token !== 'string') {
    throw new Error(`code exchange failed: ${reply.text}`);
  }
  return { client, accessToken: reply.body.access_token, refreshToken: reply.body.refresh_token };
}

export function refresh(emu: EmulatorHandle, client: CreatedClient, refreshToken: string): Promise<TokenReply> {
  return postToken(emu, {
    grant_type: 'refresh_token',
    client_id: client.clientId,
    client_secret: client.clientSecret,
    refresh_token: refreshToken,
  });
}

export function whoami(emu: EmulatorHandle, accessToken: string): Promise<Response> {
  return fetch(`${emu.url}/__emulator/whoami`, { headers: { Authorization: `Zoho-oauthtoken ${accessToken}` } });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const TOKEN_SHAPE = /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/;
