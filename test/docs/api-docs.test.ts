/**
 * The API reference (`npm run docs`, typedoc.json) documents every export of zohokit, zohokit/node,
 * @zohokit/emulator and @zohokit/redis: typedoc's `notDocumented` validation, with warnings as errors, must find
 * nothing. `npm run docs:check` is the same check from the command line; it lists every undocumented name.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('API reference', () => {
  it('typedoc finds every public export documented, and no other warning', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--emit', 'none'],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: typedoc colours its output even without a TTY
    const plain = result.output.replace(/\u001b\[[0-9;]*m/g, '');
    const undocumented = [...plain.matchAll(/\[warning\] (\S+) \(\w+\), defined in (\S+), does not have/g)].map(
      (m) => `${m[1]} (${m[2]})`,
    );
    expect(undocumented).toEqual([]);
    expect({ code: result.code, output: plain.trim() }).toEqual({ code: 0, output: '' });
  });
});
