import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredToken, ZohoEvent } from 'zohokit';
import { FileTokenStore, TokenFileError } from 'zohokit/node';
import { CLIENT_SECRET, FakeZoho, makeZoho, REFRESH_TOKEN, zohoToken } from '../support/fake-zoho.js';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zohokit-file-store-'));
  path = join(dir, 'tokens.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(n: number): StoredToken {
  return { accessToken: zohoToken(n), expiresAt: 2_000_000_000_000 + n, obtainedAt: 1_999_999_000_000, scope: ['a'] };
}

const isPosix = process.platform !== 'win32';

describe('FileTokenStore', () => {
  it('reads nothing from a file that does not exist yet', async () => {
    await expect(new FileTokenStore(path).get('k')).resolves.toBeUndefined();
  });

  it('writes and reads back an entry, across instances', async () => {
    await new FileTokenStore(path).set('k', record(1));
    await expect(new FileTokenStore(path).get('k')).resolves.toEqual(record(1));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, tokens: { k: record(1) } });
  });

  it.runIf(isPosix)('leaves the file readable by its owner only (0600)', async () => {
    const store = new FileTokenStore(path);
    await store.set('k', record(1));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await store.set('k', record(2));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it.runIf(isPosix)('creates a missing directory for the owner only (0700)', async () => {
    const nested = join(dir, 'a', 'b', 'tokens.json');
    await new FileTokenStore(nested).set('k', record(1));
    expect((await stat(join(dir, 'a', 'b'))).mode & 0o777).toBe(0o700);
    await expect(new FileTokenStore(nested).get('k')).resolves.toEqual(record(1));
  });

  it('keeps the other entries when one is written or deleted', async () => {
    const store = new FileTokenStore(path);
    await store.set('a', record(1));
    await store.set('b', record(2));
    await store.delete('a');
    await expect(store.get('a')).resolves.toBeUndefined();
    await expect(store.get('b')).resolves.toEqual(record(2));
  });

  it('deleting a key that is not there is fine', async () => {
    const store = new FileTokenStore(path);
    await expect(store.delete('nope')).resolves.toBeUndefined();
    await store.set('a', record(1));
    await expect(store.delete('nope')).resolves.toBeUndefined();
    await expect(store.get('a')).resolves.toEqual(record(1));
  });

  it('lands every one of 50 concurrent writes from one process and leaves no temporary file', async () => {
    const store = new FileTokenStore(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`k${i}`, record(i))));
    const file = JSON.parse(await readFile(path, 'utf8')) as { tokens: Record<string, StoredToken> };
    expect(Object.keys(file.tokens)).toHaveLength(50);
    for (let i = 0; i < 50; i++) expect(file.tokens[`k${i}`]).toEqual(record(i));
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it('never shows a reader half a file while 50 writes run', async () => {
    const store = new FileTokenStore(path);
    await store.set('seed', record(0));
    let writing = true;
    const writes = Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`k${i}`, record(i)))).finally(() => {
      writing = false;
    });
    let reads = 0;
    while (writing) {
      const text = await readFile(path, 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
      expect(JSON.parse(text).version).toBe(1);
      await expect(new FileTokenStore(path).get('seed')).resolves.toEqual(record(0));
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it('throws TokenFileError for a corrupt file on get', async () => {
    await writeFile(path, '{"version":1,"tokens":{"k":', 'utf8');
    const error = await new FileTokenStore(path).get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenFileError);
    expect((error as Error).message).toContain('not valid JSON');
    expect((error as Error).message).toContain(path);
  });

  it('throws TokenFileError for valid JSON of an unknown layout', async () => {
    for (const text of ['[]', 'null', '{"version":2,"tokens":{}}', '{"version":1}', '{"version":1,"tokens":null}']) {
      await writeFile(path, text, 'utf8');
      await expect(new FileTokenStore(path).get('k'), text).rejects.toBeInstanceOf(TokenFileError);
    }
  });

  it('replaces a corrupt file on the next write', async () => {
    await writeFile(path, 'garbage', 'utf8');
    const store = new FileTokenStore(path);
    await store.set('k', record(1));
    await expect(store.get('k')).resolves.toEqual(record(1));
  });

  it('needs a path', () => {
    expect(() => new FileTokenStore('')).toThrow(TypeError);
  });
});

describe('FileTokenStore behind a Zoho client', () => {
  it('caches tokens across client instances (a restarted CLI needs no new token)', async () => {
    const fake = new FakeZoho();
    const first = makeZoho(fake, { tokenStore: new FileTokenStore(path) });
    const t = await first.tokens.get();
    const second = makeZoho(fake, { tokenStore: new FileTokenStore(path) });
    expect((await second.tokens.get()).token).toBe(t.token);
    expect(fake.tokenCalls).toHaveLength(1);
    // The file holds access tokens only: never the refresh token or the client secret.
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(REFRESH_TOKEN);
    expect(text).not.toContain(CLIENT_SECRET);
  });

  it('treats a corrupt file as a cache miss with a warning, then rewrites it valid', async () => {
    await writeFile(path, '{ not json', 'utf8');
    const events: ZohoEvent[] = [];
    const fake = new FakeZoho();
    const zoho = makeZoho(fake, { tokenStore: new FileTokenStore(path), onEvent: (e) => events.push(e) });

    await expect(zoho.request({ product: 'desk', path: '/api/v1/tickets' })).resolves.toEqual({ data: [] });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'warning',
        code: 'token_store_failed',
        message: expect.stringContaining('not valid JSON'),
      }),
    );
    expect(fake.tokenCalls).toHaveLength(1);

    const file = JSON.parse(await readFile(path, 'utf8')) as { version: number; tokens: Record<string, StoredToken> };
    expect(file.version).toBe(1);
    expect(file.tokens[await zoho.tokens.key()]?.accessToken).toBe(fake.minted[0]);
  });
});
