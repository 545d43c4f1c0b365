import { z } from 'zod';

/** Desk's limits (option `desk` of `EmulatorOptions`). */
export interface DeskEmulatorOptions {
  /**
   * Concurrent calls in progress per org before Desk answers 429. Zoho's limit goes by edition
   * (Free/Trial 5, Express 10, Standard 10, Professional 15, Enterprise 25; zoho-api.md §2.4); default 10.
   */
  concurrency?: number;
}

/** `DeskEmulatorOptions` with defaults filled in. */
export interface ResolvedDeskOptions {
  concurrency: number;
}

const deskSchema = z.strictObject({
  concurrency: z.number().int().positive().default(10),
});

export const deskOptionsSchema = deskSchema.default(() => deskSchema.parse({}));
