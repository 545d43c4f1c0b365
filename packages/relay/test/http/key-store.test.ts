/**
 * SqliteKeyStore on a real file: keys shown once and stored only as SHA-256 hashes, compared with
 * crypto.timingSafeEqual (spied on through a partial mock of node:crypto that keeps the real function).
 */
import * as crypto from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZohoValidationError } from 'zohokit';
import { SqliteKeyStore } from '../../src/index.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, default: actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

let dir: string;
let store: SqliteKeyStore;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zohokit-keys-'));
  path = join(dir, 'relay.db');
  store = new SqliteKeyStore({ path });
  vi.mocked(crypto.timingSafeEqual).mockClear();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteKeyStore', () => {
  it('returns the key once, as zr_sk_/zr_pk_ with 32 random bytes, and lists records without it', async () => {
    const secret = await store.create({ name: 'server', kind: 'secret' });
    const site = await store.create({ name: 'site', kind: 'publishable', origins: ['https://Shop.example'] });
    expect(secret.key).toMatch(/^zr_sk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(site.key).toMatch(/^zr_pk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.key.slice(-43), 'base64url')).toHaveLength(32);
    expect(secret.key).not.toBe((await store.create({ name: 'server 2', kind: 'secret' })).key);
    const listed = await store.list();
    expect(listed.map((k) => [k.name, k.kind, k.origins])).toEqual([
      ['server', 'secret', []],
      ['site', 'publishable', ['https://shop.example']],
      ['server 2', 'secret', []],
    ]);
    expect(JSON.stringify(listed)).not.toContain(secret.key.slice(-43));
  });

  it('stores only the SHA-256 of a key: the plaintext is in no column and nowhere in the files', async () => {
    const created = await Promise.all(
      [1, 2, 3].map((n) => store.create({ name: `k${n}`, kind: n === 1 ? 'secret' : 'publishable' })),
    );
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT * FROM relay_keys').all() as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(3);
    for (const { key, record } of created) {
      const row = rows.find((r) => r.id === record.id);
      expect(row?.key_hash).toEqual(crypto.createHash('sha256').update(key).digest());
      const asText = JSON.stringify(rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
      expect(asText).not.toContain(key.slice(-43));
      for (const file of readdirSync(dir)) {
        const bytes = readFileSync(join(dir, file));
        expect(bytes.includes(Buffer.from(key.slice(-43))), file).toBe(false);
      }
    }
  });

  it('verifies with timingSafeEqual, for a right key, a wrong secret and an unknown id alike', async () => {
    const { key, record } = await store.create({ name: 'server', kind: 'secret' });
    const compare = vi.mocked(crypto.timingSafeEqual);
    expect(await store.verify(key)).toEqual(record);
    const flipped = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await store.verify(flipped)).toBeUndefined();
    const unknownId = `zr_sk_${'0'.repeat(16)}_${key.slice(-43)}`;
    expect(await store.verify(unknownId)).toBeUndefined();
    expect(compare).toHaveBeenCalledTimes(3);
    for (const [a, b] of compare.mock.calls) {
      expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
    }
    // The same secret under the other prefix is not the key.
    expect(await store.verify(key.replace('zr_sk_', 'zr_pk_'))).toBeUndefined();
    expect(await store.verify('')).toBeUndefined();
  });

  it('revokes: a revoked key no longer verifies and its origins stop counting', async () => {
    const { key, record } = await store.create({ name: 'site', kind: 'publishable', origins: ['https://a.example'] });
    expect(await store.originAllowed('https://a.example')).toBe(true);
    expect(await store.originAllowed('https://b.example')).toBe(false);
    expect(await store.revoke(record.id)).toBe(true);
    expect(await store.revoke(record.id)).toBe(false);
    expect(await store.verify(key)).toBeUndefined();
    expect(await store.originAllowed('https://a.example')).toBe(false);
    expect((await store.list())[0]?.revokedAt).toEqual(expect.any(Number));
  });

  it('survives a reopen of the file', async () => {
    const { key, record } = await store.create({ name: 'server', kind: 'secret' });
    await store.close();
    store = new SqliteKeyStore({ path });
    expect(await store.verify(key)).toEqual(record);
  });

  it('refuses bad input with a ZohoValidationError naming the field', async () => {
    const bad: [unknown, string][] = [
      [{ name: '', kind: 'secret' }, 'name'],
      [{ name: 'x', kind: 'admin' }, 'kind'],
      [{ name: 'x', kind: 'publishable', origins: ['https://a.example/path'] }, 'origins[0]'],
      [{ name: 'x', kind: 'publishable', origins: ['https://a.example', '*'] }, 'origins[1]'],
      [{ name: 'x', kind: 'publishable', origins: ['ftp://a.example'] }, 'origins[0]'],
      [{ name: 'x', kind: 'secret', origins: ['https://a.example'] }, 'origins'],
    ];
    for (const [input, fieldName] of bad) {
      const error = await store.create(input as never).catch((e: unknown) => e);
      expect(error, fieldName).toBeInstanceOf(ZohoValidationError);
      expect((error as ZohoValidationError).details).toEqual({ fieldName });
      expect((error as ZohoValidationError).fix).toEqual(expect.any(String));
    }
    expect(await store.list()).toEqual([]);
  });
});
