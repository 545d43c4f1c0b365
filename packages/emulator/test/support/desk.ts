import type { EmulatorHandle } from '@zohokit/emulator';
import { expect } from 'vitest';
import { selfClientTokens } from './helpers.js';

/** Every scope the Desk routes ask for (docs/zoho-behaviour.md "Scopes"). */
export const DESK_SCOPES = 'Desk.tickets.ALL,Desk.contacts.ALL,Desk.search.READ,Desk.basic.READ';

export interface DeskReply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined for an empty body. */
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked with expect(), field by field, not by the compiler
  body: any;
}

export interface DeskCallOptions {
  method?: string;
  body?: unknown;
  /** The `orgId` header; null sends none. */
  orgId?: string | null;
  headers?: Record<string, string>;
}

/** One Desk API call with `Authorization: Zoho-oauthtoken` and `orgId`, as a client sends it. */
export async function deskCall(
  emu: EmulatorHandle,
  token: string,
  path: string,
  options: DeskCallOptions & { defaultOrgId: string },
): Promise<DeskReply> {
  const headers: Record<string, string> = { Authorization: `Zoho-oauthtoken ${token}`, ...options.headers };
  const orgId = options.orgId === undefined ? options.defaultOrgId : options.orgId;
  if (orgId !== null) headers.orgId = orgId;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${emu.endpoints.desk}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
}

export interface DeskSession {
  accessToken: string;
  orgId: string;
  foreignOrgId: string;
  supportId: string;
  salesId: string;
  call(path: string, options?: DeskCallOptions): Promise<DeskReply>;
}

/** A token obtained the real way (self client, console code, code exchange) plus the seeded Desk ids. */
export async function deskSession(emu: EmulatorHandle, scope = DESK_SCOPES): Promise<DeskSession> {
  const { accessToken } = await selfClientTokens(emu, scope);
  const overview = await emu.control.desk.overview();
  const department = (name: string) => overview.departments.find((d) => d.name === name)?.id ?? '';
  return {
    accessToken,
    orgId: overview.orgId,
    foreignOrgId: overview.foreignOrgId ?? '',
    supportId: department('Support'),
    salesId: department('Sales'),
    call: (path, options = {}) => deskCall(emu, accessToken, path, { ...options, defaultOrgId: overview.orgId }),
  };
}

export const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
export const DIGITS = /^\d+$/;

export function validation(errors: Array<{ fieldName: string; errorType: string }>) {
  return {
    errorCode: 'UNPROCESSABLE_ENTITY',
    message: 'An invalid or empty value was supplied for a mandatory field.',
    errors: errors.map((e) => ({ ...e, errorMessage: expectString })),
  };
}

const expectString = expect.any(String) as unknown as string;
