import type { EmulatorContext } from '../emulator-context.js';
import { newToken } from '../ids.js';
import type { ClientRecord, GrantCodeRecord } from '../state.js';

export interface GrantCodeInput {
  client: ClientRecord;
  scopes: string[];
  /** The authorize request's URI, which the exchange must repeat; null for console (self-client) codes. */
  redirectUri: string | null;
  accessType: GrantCodeRecord['accessType'];
  ttlSec: number;
}

/**
 * Stores a new single-use grant code for the approving user, `ttlSec` from now. The one place a code is made,
 * whether the consent page (authorize-route.ts) or the API console (control/grant-code-route.ts) asked.
 */
export function mintGrantCode(ctx: EmulatorContext, input: GrantCodeInput): GrantCodeRecord {
  const now = ctx.now();
  const record: GrantCodeRecord = {
    code: newToken(),
    clientId: input.client.clientId,
    userId: ctx.state.defaultUserId,
    scopes: input.scopes,
    redirectUri: input.redirectUri,
    accessType: input.accessType,
    createdAt: now,
    expiresAt: now + input.ttlSec * 1000,
    usedAt: null,
  };
  ctx.state.grantCodes[record.code] = record;
  return record;
}
