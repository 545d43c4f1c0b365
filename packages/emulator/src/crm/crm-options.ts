import { z } from 'zod';

/** CRM's limits (option `crm` of `EmulatorOptions`). */
export interface CrmEmulatorOptions {
  /**
   * Calls one app (client id) may have in progress in the org before CRM answers 429 `TOO_MANY_REQUESTS`.
   * Zoho's limit goes by edition (Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25; zoho-api.md
   * §4); default 20, the emulated org being Enterprise.
   */
  concurrency?: number;
  /**
   * API credits per rolling 24 hours. Zoho: 50,000 + 1,000 per user license on Enterprise (zoho-api.md §4);
   * default 51,000 (one user).
   */
  credits?: number;
}

/** `CrmEmulatorOptions` with defaults filled in. */
export interface ResolvedCrmOptions {
  concurrency: number;
  credits: number;
}

const crmSchema = z.strictObject({
  concurrency: z.number().int().positive().default(20),
  credits: z.number().int().positive().default(51_000),
});

export const crmOptionsSchema = crmSchema.default(() => crmSchema.parse({}));
