/**
 * The CLI's exit codes (documented in the README). Scripts branch on these, so they never change meaning:
 * 0 ok, 1 Zoho/API error, 2 usage or configuration error, 3 authentication needed, 4 rate limited.
 * 130 is the shell's convention for an interrupted (Ctrl-C) run, used by `campaigns import` and `crm import` after
 * they saved their checkpoint.
 */
export const EXIT = {
  ok: 0,
  api: 1,
  usage: 2,
  auth: 3,
  rateLimited: 4,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
