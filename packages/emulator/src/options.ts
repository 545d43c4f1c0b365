import { z } from 'zod';
import type { CampaignsEmulatorOptions, ResolvedCampaignsOptions } from './campaigns/campaigns-options.js';
import { campaignsOptionsSchema } from './campaigns/campaigns-options.js';
import type { CrmEmulatorOptions, ResolvedCrmOptions } from './crm/crm-options.js';
import { crmOptionsSchema } from './crm/crm-options.js';
import type { DeskEmulatorOptions, ResolvedDeskOptions } from './desk/desk-options.js';
import { deskOptionsSchema } from './desk/desk-options.js';
import type { AllowedHosts } from './security/allowed-hosts.js';
import { ALLOWED_HOST_PATTERN } from './security/allowed-hosts.js';

/** The data centres Zoho's own SDK knows (zoho-api.md §1.1); `location` in the authorize redirect is one of these. */
export const DATA_CENTERS = ['us', 'eu', 'in', 'au', 'jp', 'cn', 'ca', 'sa'] as const;
/** A Zoho data centre the emulator can pose as (`us`, `eu`, `in`, ...); it shapes `api_domain` and hosts. */
export type DataCenter = (typeof DATA_CENTERS)[number];

/** Zoho Accounts' token limits the emulator enforces (option `limits`); defaults are Zoho's. */
export interface EmulatorLimits {
  /** Access tokens one refresh token may mint per window (Zoho: 10 per 10 minutes, zoho-api.md §1.5). */
  accessTokensPerRefreshToken: number;
  /** Length of that fixed window, starting at the first mint in it. */
  refreshWindowMs: number;
  /** Live access tokens per refresh token; one more silently invalidates the oldest (10/15/30 by page, §1.5). */
  maxLiveAccessTokens: number;
  /** Refresh tokens per (user, client); one more evicts the oldest with its access tokens (§1.5, §5 item 3). */
  maxRefreshTokens: number;
}

/** Options of `startEmulator()` and `createEmulatorApp()`; every one has a default (127.0.0.1, a free port, `us`). */
export interface EmulatorOptions {
  port?: number;
  host?: string;
  dc?: DataCenter;
  tokenTtlSec?: number;
  grantCodeTtlSec?: number;
  legacyExpiresIn?: boolean;
  latencyMs?: number;
  limits?: Partial<EmulatorLimits>;
  /** Campaigns per-API call windows and lock periods; defaults are Zoho's numbers (zoho-api.md §3.6). */
  campaigns?: CampaignsEmulatorOptions;
  /** Desk's per-org concurrency limit (zoho-api.md §2.4). */
  desk?: DeskEmulatorOptions;
  /** CRM's per-app concurrency limit and credits per 24 hours (zoho-api.md §4). */
  crm?: CrmEmulatorOptions;
  /**
   * Load the whole state (clients, tokens, product data) from this JSON file at start when it exists, and save
   * it there after requests (at most every 100 ms) and on close. The file holds secrets: it is written 0600.
   */
  stateFile?: string;
  /** How many non-control requests the request log (inspector, `GET /__emulator/requests`) keeps; 0 turns it off. */
  requestLogSize?: number;
  /**
   * Host names the emulator answers to besides 127.0.0.1, localhost, [::1], any IP address, its bind address and
   * Zoho's host names: `'myhost.lan'`, or `'.example.test'` for a name and everything under it. `true` answers to
   * any Host (only behind a proxy that checks Host itself). Other Hosts get 403 (DNS-rebinding guard).
   */
  allowedHosts?: string[] | true;
  /** Largest request body accepted on any route, in bytes; a larger one gets 413. */
  maxBodyBytes?: number;
}

/** `EmulatorOptions` with every default filled in. */
export interface ResolvedEmulatorOptions {
  port: number;
  host: string;
  dc: DataCenter;
  tokenTtlSec: number;
  grantCodeTtlSec: number;
  legacyExpiresIn: boolean;
  latencyMs: number;
  limits: EmulatorLimits;
  campaigns: ResolvedCampaignsOptions;
  desk: ResolvedDeskOptions;
  crm: ResolvedCrmOptions;
  stateFile?: string;
  requestLogSize: number;
  allowedHosts: AllowedHosts;
  maxBodyBytes: number;
}

const positiveInt = z.number().int().positive();

const limitsSchema = z.strictObject({
  accessTokensPerRefreshToken: positiveInt.default(10),
  refreshWindowMs: positiveInt.default(600_000),
  // 15 follows the current CRM token-validity pages (§1.5); the Accounts page says 10.
  maxLiveAccessTokens: positiveInt.default(15),
  maxRefreshTokens: positiveInt.default(20),
});

const optionsSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  dc: z.enum(DATA_CENTERS).default('us'),
  tokenTtlSec: positiveInt.default(3600),
  // Accounts docs say 2 minutes; CRM pages say 3 (§1.3 "Grant-token lifetime").
  grantCodeTtlSec: positiveInt.default(120),
  legacyExpiresIn: z.boolean().default(false),
  latencyMs: z.number().int().min(0).default(0),
  limits: limitsSchema.default(() => limitsSchema.parse({})),
  campaigns: campaignsOptionsSchema,
  desk: deskOptionsSchema,
  crm: crmOptionsSchema,
  stateFile: z.string().min(1).optional(),
  requestLogSize: z.number().int().min(0).max(100_000).default(500),
  allowedHosts: z
    .union([
      z.literal(true),
      z.array(
        z
          .string()
          .regex(
            ALLOWED_HOST_PATTERN,
            "must be a host name without scheme or port, like 'myhost.lan' or '.example.test'",
          ),
      ),
    ])
    .default(() => []),
  // 10 MiB: far above any Desk or Campaigns call, small enough that a stray upload cannot exhaust memory.
  maxBodyBytes: positiveInt.default(10 * 1024 * 1024),
});

/** Turns a zod issue into one sentence that names the option, e.g. `option 'limits.maxRefreshTokens' must be ...`. */
function describeIssue(issue: z.core.$ZodIssue, noun: string): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = path ? `${path}.` : '';
    return issue.keys.map((key) => `unknown ${noun} '${where}${key}'`).join('; ');
  }
  return `${noun} '${path || '(root)'}': ${issue.message}`;
}

/** Validates startEmulator/createEmulatorApp options; unknown keys are rejected, never ignored (DESIGN.md §5). */
export function resolveOptions(input: unknown = {}): ResolvedEmulatorOptions {
  const parsed = optionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => describeIssue(issue, 'option')).join('; ');
    throw new TypeError(`@zohokit/emulator: ${message}`);
  }
  return parsed.data;
}
