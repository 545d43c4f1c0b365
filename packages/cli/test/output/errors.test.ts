import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-codes.js';
import { exitCodeFor } from '../../src/output/errors.js';

const missing = (name: string) =>
  Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- cli.cjs`), { code: 'MODULE_NOT_FOUND' });

describe('the relay commands without @zohokit/relay installed', () => {
  it('are a usage error (install the optional peer), not an API error', () => {
    for (const name of ['better-sqlite3', 'hono', '@hono/node-server', 'zod']) {
      expect(exitCodeFor(missing(name))).toBe(EXIT.usage);
    }
    expect(exitCodeFor(missing('left-pad'))).toBe(EXIT.api);
  });
});
