/**
 * `instanceof` must hold when an app loads zohokit twice: the ESM build imported by one module and the CJS
 * build required by another (a dual-package hazard), or two installs. The package is built here with its own
 * tsup config into a temporary folder, so the test checks the shipped formats without touching dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'zohokit-builds-'));
  const tsup = join(PACKAGE, '../../node_modules/.bin/tsup');
  execFileSync(tsup, ['--out-dir', out, '--no-dts', '--silent'], { cwd: PACKAGE, stdio: 'pipe' });
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs a script in a fresh Node process with the ESM build as `esm` and the CJS build as `cjs`. */
function run(body: string): unknown {
  const script = `
    import { createRequire } from 'node:module';
    const esm = await import(${JSON.stringify(join(out, 'index.js'))});
    const cjs = createRequire(import.meta.url)(${JSON.stringify(join(out, 'index.cjs'))});
    const result = await (async () => { ${body} })();
    process.stdout.write(JSON.stringify(result));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('errors across the ESM and the CJS build', () => {
  it('are two copies of the classes, yet instanceof holds both ways for the base and the right subclass', () => {
    const result = run(`
      const fromCjs = cjs.createZohoError('rate_limit', { message: 'slow down', retryAfterMs: 5 });
      const fromEsm = esm.createZohoError('auth', { message: 'no' });
      return {
        distinct: esm.ZohoError !== cjs.ZohoError,
        cjsIsEsmBase: fromCjs instanceof esm.ZohoError,
        cjsIsEsmRateLimit: fromCjs instanceof esm.ZohoRateLimitError,
        cjsIsEsmAuth: fromCjs instanceof esm.ZohoAuthError,
        esmIsCjsAuth: fromEsm instanceof cjs.ZohoAuthError,
        esmIsCjsValidation: fromEsm instanceof cjs.ZohoValidationError,
        guard: esm.isZohoError(fromCjs) && cjs.isZohoError(fromEsm),
        plainError: new Error('x') instanceof esm.ZohoError,
        lookalike: ({ kind: 'auth', name: 'ZohoAuthError' }) instanceof esm.ZohoAuthError,
      };
    `);
    expect(result).toEqual({
      distinct: true,
      cjsIsEsmBase: true,
      cjsIsEsmRateLimit: true,
      cjsIsEsmAuth: false,
      esmIsCjsAuth: true,
      esmIsCjsValidation: false,
      guard: true,
      plainError: false,
      lookalike: false,
    });
  });

  it('a real failure from the CJS client is caught as the ESM class', () => {
    const result = run(`
      const zoho = new cjs.Zoho({
        clientId: '1000.TEST', clientSecret: 'not-a-real-secret', refreshToken: 'not-a-real-refresh-token',
        fetch: async () => new Response(JSON.stringify({ error: 'invalid_code' }), { status: 200 }),
      });
      try { await zoho.tokens.get(); return 'resolved'; }
      catch (error) { return { auth: error instanceof esm.ZohoAuthError, code: error.code, outcome: error.outcome }; }
    `);
    expect(result).toEqual({ auth: true, code: 'invalid_code', outcome: 'blocked' });
  });
});
