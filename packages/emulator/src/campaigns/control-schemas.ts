import { z } from 'zod';
import { CAMPAIGNS_APIS } from './campaigns-options.js';
import { CAMPAIGNS_CONTACT_STATUSES } from './campaigns-state.js';
import { isValidEmail } from './contact-info.js';

export const LIST_KEY = /^[0-9a-f]{32}$/;

const listKey = z.string().regex(LIST_KEY, 'must be 32 lowercase hex characters');
const email = z.string().refine(isValidEmail, 'must be an email address');
const status = z.enum(CAMPAIGNS_CONTACT_STATUSES);

export const createListSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  doubleOptIn: z.boolean().optional(),
  listKey: listKey.optional(),
});

/** Large enough for paging tests, small enough to answer in well under a second. */
export const MAX_SEED = 100_000;

export const seedSubscribersSchema = z
  .strictObject({
    listKey: z.string().min(1),
    count: z.number().int().positive().max(MAX_SEED).optional(),
    emails: z.array(email).min(1).max(MAX_SEED).optional(),
    status: status.optional(),
  })
  .refine((input) => (input.count === undefined) !== (input.emails === undefined), {
    message: 'give exactly one of count and emails',
  });

export const confirmSchema = z.strictObject({ listKey: z.string().min(1), email: z.string().min(1) });

export const apiNameSchema = z.enum(CAMPAIGNS_APIS);
