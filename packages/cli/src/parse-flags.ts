/** Turning flag strings into values, with usage errors (exit 2) that name the flag. */
import { promises as fs } from 'node:fs';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';

export function usage(message: string, fix?: string): CliError {
  return new CliError(message, { code: 'invalid_input', exitCode: EXIT.usage, fix });
}

export function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw usage(`${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return n;
}

/** `key=value` pairs (repeatable flags); the first `=` splits, so values may contain `=`. */
export function keyValues(items: readonly string[] | undefined, flag: string, separator = '='): [string, string][] {
  return (items ?? []).map((item) => {
    const at = item.indexOf(separator);
    if (at <= 0) throw usage(`${flag} expects key${separator}value (got ${JSON.stringify(item)})`);
    return [item.slice(0, at).trim(), item.slice(at + 1).trim()];
  });
}

/** `-d` input: inline JSON, `@file`, or `@-` for stdin. */
export async function readJsonInput(value: string, flag = '--data'): Promise<unknown> {
  let text = value;
  if (value === '@-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else if (value.startsWith('@')) {
    try {
      text = await fs.readFile(value.slice(1), 'utf8');
    } catch (error) {
      throw usage(`${flag}: cannot read ${value.slice(1)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usage(`${flag} is not valid JSON: ${(error as Error).message}`, 'Quote it for the shell, or use @file');
  }
}

export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** One of the values the SDK accepts, typed as such; anything else is a usage error naming the choices. */
export function oneOf<const T extends string>(value: string, flag: string, allowed: readonly T[]): T {
  const found = allowed.find((item) => item === value);
  if (found === undefined) {
    throw usage(`${flag} does not accept ${JSON.stringify(value)}`, `Use one of: ${allowed.join(', ')}`);
  }
  return found;
}

/** zohokit's default `timeoutMs` (its config.ts), named in --help and in the timeout fix. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The global `--timeout <seconds>` as zohokit's `timeoutMs` (undefined: the SDK's default, 30 s). */
export function requestTimeoutMs(ctx: { globals: { timeout?: string | undefined } }): number | undefined {
  const given = ctx.globals.timeout;
  if (given === undefined) return undefined;
  const seconds = Number(given);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw usage(
      `--timeout must be a number of seconds from 0.1 to 3600 (got ${JSON.stringify(given)})`,
      'For example --timeout 60; the default is 30',
    );
  }
  return Math.max(100, Math.round(seconds * 1000));
}
