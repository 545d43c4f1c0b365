import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Zoho } from 'zohokit';
import { sha256Hex } from '../src/sha256-hex.js';

describe('sha256Hex (the CLI token key hash without node:crypto)', () => {
  it('is the SHA-256 node:crypto computes, for short, long and non-ASCII text', () => {
    const texts = ['', 'rt:fake-refresh-token', 'é→😀 ünïcode', 'x'.repeat(1_000), `rt:${'fake.'.repeat(64)}`];
    for (const text of texts) expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('gives the token store key an SDK process with default options computes, so both share one token', async () => {
    const options = {
      clientId: 'fake-client-id',
      clientSecret: 'fake-client-secret',
      refreshToken: 'fake-refresh-token-for-tests',
    };
    const sdk = await new Zoho(options).tokens.key();
    expect(await new Zoho({ ...options, sha256: sha256Hex }).tokens.key()).toBe(sdk);
    expect(
      await new Zoho({ ...options, refreshToken: `${options.refreshToken}0`, sha256: sha256Hex }).tokens.key(),
    ).not.toBe(sdk);
  });
});
