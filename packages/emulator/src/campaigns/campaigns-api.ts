import type { Context, Hono } from 'hono';
import { authenticate } from '../auth/authenticate.js';
import { readParams } from '../auth/request-params.js';
import { scopeCovers } from '../auth/scopes.js';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { admitCall } from './call-windows.js';
import type { CampaignsBody } from './campaigns-envelope.js';
import { CampaignsErrors, campaignsJson } from './campaigns-envelope.js';
import type { CampaignsApiName } from './campaigns-options.js';
import type { CampaignsListRecord } from './campaigns-state.js';
import { apiWindowState } from './campaigns-state.js';

export const CAMPAIGNS_BASE = '/api/v1.1';

export type CampaignsOperation = 'READ' | 'CREATE' | 'UPDATE';

/**
 * `ZohoCampaigns.contact.CREATE-UPDATE` grants CREATE and UPDATE, `.WRITE` grants CREATE, UPDATE and DELETE,
 * `.ALL` grants everything (zoho-api.md §3.5; `.ALL` is handled by scopeCovers).
 */
const GRANTED_BY: Record<CampaignsOperation, readonly string[]> = {
  READ: ['READ'],
  CREATE: ['CREATE', 'CREATE-UPDATE', 'WRITE'],
  UPDATE: ['UPDATE', 'CREATE-UPDATE', 'WRITE'],
};

export function hasCampaignsScope(granted: readonly string[], operation: CampaignsOperation): boolean {
  return GRANTED_BY[operation].some((op) => scopeCovers(granted, `ZohoCampaigns.contact.${op}`));
}

export interface CampaignsCall {
  ctx: EmulatorContext;
  params: Record<string, string>;
  /** The request path, which Zoho echoes as `uri`. */
  uri: string;
  now: number;
}

export interface CampaignsApiSpec {
  api: CampaignsApiName;
  /** Under /api/v1.1, e.g. `json/listsubscribe`. */
  path: string;
  methods: readonly ('GET' | 'POST')[];
  operation: CampaignsOperation;
  /** Absent → 903. `resfmt` is always allowed; any name not listed → 1002. */
  required: readonly string[];
  optional: readonly string[];
  handle(call: CampaignsCall): CampaignsBody;
}

/** A parameter the caller really sent (own properties only: `constructor` is not a parameter). */
export function param(params: Record<string, string>, name: string): string | undefined {
  return lookup(params, name);
}

export function findList(call: CampaignsCall): CampaignsListRecord | undefined {
  return lookup(call.ctx.state.campaigns.lists, param(call.params, 'listkey')?.trim());
}

/**
 * One Campaigns API: token (1007), lock-out and windows (2101), scope (2701), then parameters from the query
 * string and an urlencoded or multipart body (zoho-api.md §3.2; docs/zoho-behaviour.md): unknown (1002),
 * missing (903), `resfmt` other than JSON (1001), then the API's own checks.
 *
 * Every call made with a valid token counts towards the API's windows, whatever its outcome; a call without
 * one cannot be attributed to an account and does not.
 */
export function registerCampaignsApi(app: Hono<EmulatorEnv>, ctx: EmulatorContext, spec: CampaignsApiSpec): void {
  const allowed = new Set(['resfmt', ...spec.required, ...spec.optional]);
  const handler = async (c: Context<EmulatorEnv>) => {
    const uri = c.req.path;
    const auth = authenticate(ctx, c.req.header('authorization'));
    if (!auth.ok) return campaignsJson(CampaignsErrors.invalidToken(uri));
    const now = ctx.now();
    const { limits, lockMs } = ctx.options.campaigns;
    const admission = admitCall(apiWindowState(ctx.state.campaigns, spec.api), limits[spec.api], lockMs[spec.api], now);
    if (!admission.ok) return campaignsJson(CampaignsErrors.locked(uri, spec.api, admission.lockedUntil));
    if (!hasCampaignsScope(auth.token.scopes, spec.operation)) {
      return campaignsJson(CampaignsErrors.missingScope(uri, `ZohoCampaigns.contact.${spec.operation}`));
    }
    const params = await readParams(c);
    const extra = Object.keys(params).find((name) => !allowed.has(name));
    if (extra !== undefined) return campaignsJson(CampaignsErrors.extraParam(uri, extra));
    const missing = spec.required.find((name) => param(params, name) === undefined);
    if (missing !== undefined) return campaignsJson(CampaignsErrors.missingParam(uri, missing));
    const resfmt = param(params, 'resfmt');
    // XML answers are not emulated; real Zoho may default to XML without resfmt (§3.2), so clients send JSON.
    if (resfmt !== undefined && resfmt.toUpperCase() !== 'JSON') {
      return campaignsJson(CampaignsErrors.badPattern(uri, 'The emulator answers resfmt=JSON only.'));
    }
    return campaignsJson(spec.handle({ ctx, params, uri, now }));
  };
  for (const method of spec.methods) app.on(method, `${CAMPAIGNS_BASE}/${spec.path}`, handler);
}
