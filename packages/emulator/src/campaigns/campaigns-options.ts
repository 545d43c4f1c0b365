import { z } from 'zod';

/**
 * The Campaigns v1.1 APIs the emulator serves. Zoho limits and locks each API on its own (zoho-api.md §3.6),
 * so every option and every window is keyed by these names.
 */
export const CAMPAIGNS_APIS = [
  'listsubscribe',
  'listunsubscribe',
  'getmailinglists',
  'getlistsubscribers',
  'listsubscriberscount',
  'addlistsubscribersinbulk',
] as const;
/**
 * A Campaigns API the emulator limits separately (`listsubscribe`, `addlistsubscribersinbulk`, ...; `default` for the
 * rest).
 */
export type CampaignsApiName = (typeof CAMPAIGNS_APIS)[number];

/** At most `max` calls in any `windowMs` span (a sliding window over arrival times). */
export interface CampaignsWindow {
  max: number;
  windowMs: number;
}

/** Campaigns call windows and lock-out periods (option `campaigns` of `EmulatorOptions`); defaults are Zoho's. */
export interface CampaignsEmulatorOptions {
  /**
   * Per API: one window or several (all must hold). `default` applies to the APIs Zoho gives the common
   * 500-per-5-minutes limit (all but listsubscribe and addlistsubscribersinbulk), like zohokit's own
   * `campaigns.limits`. Unnamed APIs keep Zoho's numbers.
   */
  limits?: Partial<Record<CampaignsApiName | 'default', CampaignsWindow | CampaignsWindow[]>>;
  /** Lock period after a window is exceeded: one number for every API, or per API. */
  lockMs?: number | Partial<Record<CampaignsApiName, number>>;
}

/** `CampaignsEmulatorOptions` with every default filled in, per API. */
export interface ResolvedCampaignsOptions {
  limits: Record<CampaignsApiName, CampaignsWindow[]>;
  lockMs: Record<CampaignsApiName, number>;
}

const MINUTE = 60_000;

/** Zoho's documented numbers (zoho-api.md §3.3, §3.6). */
export const DEFAULT_CAMPAIGNS_LIMITS: Readonly<Record<CampaignsApiName, readonly CampaignsWindow[]>> = {
  listsubscribe: [
    { max: 500, windowMs: MINUTE },
    { max: 12_500, windowMs: 60 * MINUTE },
    { max: 75_000, windowMs: 24 * 60 * MINUTE },
  ],
  addlistsubscribersinbulk: [{ max: 2_000, windowMs: MINUTE }],
  listunsubscribe: [{ max: 500, windowMs: 5 * MINUTE }],
  getmailinglists: [{ max: 500, windowMs: 5 * MINUTE }],
  getlistsubscribers: [{ max: 500, windowMs: 5 * MINUTE }],
  listsubscriberscount: [{ max: 500, windowMs: 5 * MINUTE }],
};

/** 30 minutes everywhere except addlistsubscribersinbulk's 10 (zoho-api.md §3.3, §3.6). */
export const DEFAULT_CAMPAIGNS_LOCK_MS: Readonly<Record<CampaignsApiName, number>> = {
  listsubscribe: 30 * MINUTE,
  addlistsubscribersinbulk: 10 * MINUTE,
  listunsubscribe: 30 * MINUTE,
  getmailinglists: 30 * MINUTE,
  getlistsubscribers: 30 * MINUTE,
  listsubscriberscount: 30 * MINUTE,
};

const positiveInt = z.number().int().positive();
const windowSchema = z.strictObject({ max: positiveInt, windowMs: positiveInt });
const windowsSchema = z.union([windowSchema, z.array(windowSchema).min(1)]);

const perApi = <T extends z.ZodType>(value: T) =>
  z.strictObject(
    Object.fromEntries(CAMPAIGNS_APIS.map((api) => [api, value.optional()])) as Record<
      CampaignsApiName,
      z.ZodOptional<T>
    >,
  );

/** The APIs with their own documented limit; `default` does not reach them (zoho-api.md §3.6). */
const OWN_LIMIT: readonly CampaignsApiName[] = ['listsubscribe', 'addlistsubscribersinbulk'];

/** The `campaigns` emulator option, resolved to a full table of windows and lock periods. */
export const campaignsOptionsSchema = z
  .strictObject({
    limits: perApi(windowsSchema).extend({ default: windowsSchema.optional() }).optional(),
    lockMs: z.union([positiveInt, perApi(positiveInt)]).optional(),
  })
  .default({})
  .transform((input): ResolvedCampaignsOptions => {
    const limits = {} as Record<CampaignsApiName, CampaignsWindow[]>;
    const lockMs = {} as Record<CampaignsApiName, number>;
    for (const api of CAMPAIGNS_APIS) {
      const given = input.limits?.[api] ?? (OWN_LIMIT.includes(api) ? undefined : input.limits?.default);
      limits[api] = given === undefined ? DEFAULT_CAMPAIGNS_LIMITS[api].map((w) => ({ ...w })) : [given].flat();
      const lock = typeof input.lockMs === 'number' ? input.lockMs : input.lockMs?.[api];
      lockMs[api] = lock ?? DEFAULT_CAMPAIGNS_LOCK_MS[api];
    }
    return { limits, lockMs };
  });
