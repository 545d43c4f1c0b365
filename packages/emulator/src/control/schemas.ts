import { z } from 'zod';
import { parseScopes } from '../auth/scopes.js';

/** Zoho only accepts redirect URIs that start with http:// or https:// (zoho-api.md §1.3 `redirect_uri`). */
const redirectUri = z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL');

export const createClientSchema = z
  .strictObject({
    type: z.enum(['self', 'server']),
    redirectUris: z.array(redirectUri).min(1).optional(),
    name: z.string().min(1).max(200).optional(),
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be 1-200 letters, digits, dots, dashes or underscores')
      // Stored as a key of a plain object; this one would replace its prototype instead.
      .refine((id) => id !== '__proto__', 'is a reserved name')
      .optional(),
    clientSecret: z.string().min(1).max(200).optional(),
  })
  .superRefine((input, issues) => {
    if (input.type === 'server' && !input.redirectUris) {
      issues.addIssue({ code: 'custom', path: ['redirectUris'], message: 'required for server clients' });
    }
    if (input.type === 'self' && input.redirectUris) {
      issues.addIssue({ code: 'custom', path: ['redirectUris'], message: 'self clients have no redirect URI' });
    }
  });

export const mintGrantCodeSchema = z.strictObject({
  clientId: z.string().min(1),
  scope: z
    .union([z.string(), z.array(z.string())])
    .refine((scope) => parseScopes(scope).length > 0, 'at least one scope is required'),
  ttlSec: z.number().int().positive().max(86_400).optional(),
});

export const expireTokensSchema = z.strictObject({ clientId: z.string().min(1).optional() });

export const revokeTokenSchema = z.strictObject({ refreshToken: z.string().min(1) });

const faultFields = {
  // The Response constructor only accepts 200–599.
  status: z.number().int().min(200).max(599).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  retryAfter: z.number().min(0).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  reset: z.enum(['before', 'after']).optional(),
  hang: z.boolean().optional(),
  pass: z.boolean().optional(),
};

type FaultFields = z.output<z.ZodObject<typeof faultFields>>;

function refineFault(fault: FaultFields, issues: z.RefinementCtx): void {
  const kinds = [
    fault.status !== undefined && 'status',
    fault.reset !== undefined && 'reset',
    fault.hang === true && 'hang',
    fault.pass === true && 'pass',
  ].filter(Boolean);
  if (kinds.length > 1) {
    issues.addIssue({
      code: 'custom',
      message: `a fault takes only one of status, reset, hang, pass (got ${kinds.join(', ')})`,
    });
  }
  for (const key of ['body', 'headers', 'retryAfter'] as const) {
    if (fault[key] !== undefined && fault.status === undefined) {
      issues.addIssue({ code: 'custom', path: [key], message: 'only applies together with status' });
    }
  }
}

const faultSchema = z
  .strictObject({ ...faultFields, repeatForMs: z.number().int().positive().optional() })
  .superRefine(refineFault);

/** A mix has no `repeatForMs`: an outage is a sequence entry, or `POST /__emulator/outage`. */
const weightedFaultSchema = z
  .strictObject({ ...faultFields, weight: z.number().gt(0).max(1) })
  .superRefine(refineFault);

const faultMixSchema = z
  .strictObject({
    faults: z.array(weightedFaultSchema).min(1),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
  })
  .refine((mix) => mix.faults.reduce((sum, f) => sum + f.weight, 0) <= 1 + 1e-9, {
    message: 'the weights add up to more than 1',
    path: ['faults'],
  });

export const faultSpecSchema = z
  .strictObject({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, 'must be an HTTP method name')
      .optional(),
    path: z
      .string()
      .regex(/^(\/[^\s*]*\*?|\*)$/, "must start with '/' (or be '*'), with '*' only at the end to match a prefix"),
    sequence: z.array(faultSchema).min(1).optional(),
    mix: faultMixSchema.optional(),
  })
  .refine((spec) => spec.sequence !== undefined || spec.mix !== undefined, {
    message: 'give a sequence, a mix, or both',
    path: ['sequence'],
  });

export const outageSchema = z.strictObject({
  forMs: z.number().int().positive().max(3_600_000),
  status: z.number().int().min(500).max(599).optional(),
  retryAfter: z.number().min(0).optional(),
});
