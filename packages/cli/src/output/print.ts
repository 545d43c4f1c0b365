/**
 * Every byte the CLI writes passes through here and through zohokit's `redact` (token shapes, Authorization
 * values, secret parameters and JSON fields) plus the literal secrets the context knows. The single exception
 * is `auth token`, which prints an access token because it was asked to (`writeSecret`).
 */
import { redact } from 'zohokit';
import type { Context } from '../context.js';

export function redactText(ctx: Context, text: string): string {
  return redact(text, ctx.secrets);
}

/** A line (or block) of human output on stdout. */
export function say(ctx: Context, text = ''): void {
  ctx.stdout.write(`${redactText(ctx, text)}\n`);
}

/** Diagnostics, progress and hints: stderr, so stdout stays pipeable. */
export function note(ctx: Context, text = ''): void {
  ctx.stderr.write(`${redactText(ctx, text)}\n`);
}

/** Machine output: one JSON document on stdout. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(`${redactText(ctx, JSON.stringify(value ?? null, null, 2))}\n`);
}

/** `--json` gets the value as JSON; otherwise `human` renders it. */
export function output<T>(ctx: Context, value: T, human: (value: T) => string): void {
  if (ctx.globals.json) printJson(ctx, value);
  else say(ctx, human(value));
}

/** Deliberately unredacted: only for a secret the user asked for by name (`zohokit auth token`). */
export function writeSecret(ctx: Context, text: string): void {
  ctx.stdout.write(`${text}\n`);
}
