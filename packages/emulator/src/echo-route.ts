import type { Context, Hono } from 'hono';
import { authenticate } from './auth/authenticate.js';
import type { EmulatorEnv } from './connection.js';
import { crmInvalidToken } from './crm-errors.js';
import type { EmulatorContext } from './emulator-context.js';

/** What `/__emulator/echo` answers: the request as the emulator received it, without the Authorization header. */
export interface EchoResponse {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON, a form as an object (files as `{ name, size, type }`), the raw text, or null when empty. */
  body: unknown;
  contentType: string | null;
}

async function readBody(c: Context): Promise<unknown> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return null;
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody({ all: true });
    const describe = (v: unknown) => (v instanceof File ? { name: v.name, size: v.size, type: v.type } : v);
    return Object.fromEntries(
      Object.entries(form).map(([key, value]) => [key, Array.isArray(value) ? value.map(describe) : describe(value)]),
    );
  }
  const text = await c.req.text();
  if (text === '') return null;
  if (contentType.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * `ALL /__emulator/echo[/*]`: authenticated like whoami, answers with what it received (never the
 * Authorization header). Lets client tests observe POST bodies, and how often a POST really arrived.
 */
export function registerEchoRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  const echo = async (c: Context<EmulatorEnv>) => {
    const auth = authenticate(ctx, c.req.header('authorization'));
    if (!auth.ok) return crmInvalidToken();
    const queries = c.req.queries();
    const query = Object.fromEntries(
      Object.entries(queries).map(([key, values]) => [key, values.length === 1 ? values[0]! : values]),
    );
    const body: EchoResponse = {
      method: c.req.method,
      path: c.req.path,
      query,
      body: await readBody(c),
      contentType: c.req.header('content-type') ?? null,
    };
    return c.json(body);
  };
  app.all('/__emulator/echo', echo);
  app.all('/__emulator/echo/*', echo);
}
