/**
 * The intake's API keys: `KeyStore` (what the intake needs) and `SqliteKeyStore` (a `relay_keys` table, in the
 * queue's file or its own).
 *
 * A key is `zr_sk_<id>_<secret>` (secret) or `zr_pk_<id>_<secret>` (publishable): `id` is 8 random bytes in hex,
 * the row to look up; `secret` is 32 random bytes in base64url. Only the SHA-256 of the whole key is stored. A
 * plain hash is enough here because a key carries 256 bits of randomness: no dictionary or brute force can
 * reverse its hash, which is what a slow password hash (scrypt, bcrypt) defends against for human-chosen
 * passwords. A slow hash would instead cost the 2 cores a few ms of CPU on every request, a denial-of-service
 * lever for anyone who can send a bearer header. The hash is compared with `crypto.timingSafeEqual`, and a
 * key whose id does not exist is still compared (against a fixed hash), so timing says nothing about the secret.
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import Database from 'better-sqlite3';
import { ZohoValidationError } from 'zohokit';

export type ApiKeyKind = 'secret' | 'publishable';

/** A key as stored and listed: never its secret. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  kind: ApiKeyKind;
  /** Browser origins (`https://shop.example`) a publishable key may be used from. */
  origins: string[];
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the revocation; a revoked key is refused (401). */
  revokedAt: number | undefined;
}

export interface NewApiKey {
  name: string;
  kind: ApiKeyKind;
  origins?: readonly string[];
}

/** What `create` returns: the plaintext key, shown this once and never again, and its record. */
export interface CreatedApiKey {
  key: string;
  record: ApiKeyRecord;
}

export interface KeyStore {
  create(input: NewApiKey): Promise<CreatedApiKey>;
  /** The active key this plaintext is, or undefined (malformed, unknown, wrong secret or revoked). */
  verify(presented: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** False when no active key has this id. */
  revoke(id: string): Promise<boolean>;
  /** Whether an active publishable key allows this origin: a CORS preflight carries no key to look up. */
  originAllowed(origin: string): Promise<boolean>;
  close(): Promise<void>;
}

const PREFIX: Record<ApiKeyKind, string> = { secret: 'zr_sk_', publishable: 'zr_pk_' };
const KEY_PATTERN = /^zr_(sk|pk)_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** The SHA-256 of a key, as stored. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

// Compared against when the id names no row, so an unknown id takes as long as a wrong secret.
const NO_KEY_HASH = hashApiKey('zr_sk_0000000000000000_no-key-has-this-hash-000000000000000000000');

/**
 * An origin as browsers send it: `scheme://host[:port]`, http or https, lower case, no path. Throws a
 * `ZohoValidationError` naming `origins[i]` otherwise.
 */
export function normaliseOrigin(value: unknown, fieldName: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== String(value).toLowerCase()) {
    throw invalidKeyInput(
      fieldName,
      `must be an origin like https://shop.example (scheme, host and port only; got ${JSON.stringify(value)})`,
    );
  }
  return url.origin;
}

export function checkNewApiKey(input: NewApiKey): { name: string; kind: ApiKeyKind; origins: string[] } {
  if (typeof input !== 'object' || input === null) throw invalidKeyInput('input', 'must be an object');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > 100) throw invalidKeyInput('name', 'must be a non-empty string of ≤ 100 characters');
  if (input.kind !== 'secret' && input.kind !== 'publishable') {
    throw invalidKeyInput('kind', 'must be "secret" or "publishable"');
  }
  const origins = (input.origins ?? []).map((o, i) => normaliseOrigin(o, `origins[${i}]`));
  if (input.kind === 'secret' && origins.length > 0) {
    throw invalidKeyInput(
      'origins',
      'is for publishable keys only: a secret key must never be sent from a browser',
      'Create a publishable key for the website, and keep the secret key on a server',
    );
  }
  return { name, kind: input.kind, origins: [...new Set(origins)] };
}

function invalidKeyInput(fieldName: string, problem: string, fix?: string): ZohoValidationError {
  return new ZohoValidationError({
    message: `relay keys: "${fieldName}" ${problem}`,
    code: 'invalid_input',
    details: { fieldName },
    fix: fix ?? 'No key was created; fix the input and create it again',
  });
}

/** Makes a key and the values to store for it. */
export function mintApiKey(kind: ApiKeyKind): { id: string; key: string; hash: Buffer } {
  const id = randomBytes(8).toString('hex');
  const key = `${PREFIX[kind]}${id}_${randomBytes(32).toString('base64url')}`;
  return { id, key, hash: hashApiKey(key) };
}

/** The id and kind a key claims, or undefined when it is not shaped like a relay key. */
export function parseApiKey(presented: string): { id: string; kind: ApiKeyKind } | undefined {
  const match = KEY_PATTERN.exec(presented);
  if (!match?.[2]) return undefined;
  return { id: match[2], kind: match[1] === 'sk' ? 'secret' : 'publishable' };
}

/** Constant-time: whether `presented` hashes to `stored` (or to nothing, when there is no row). */
export function hashMatches(presented: string, stored: Buffer | undefined): boolean {
  const expected = stored?.length === 32 ? stored : NO_KEY_HASH;
  return timingSafeEqual(hashApiKey(presented), expected) && stored !== undefined;
}

interface KeyRow {
  id: string;
  name: string;
  kind: ApiKeyKind;
  key_hash: Buffer;
  origins: string;
  created_at: number;
  revoked_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('secret', 'publishable')),
  key_hash BLOB NOT NULL,
  origins TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);`;

export interface SqliteKeyStoreOptions {
  /** The database file: the queue's own file (a separate table) or another; `:memory:` for tests. */
  path: string;
  now?: () => number;
}

export class SqliteKeyStore implements KeyStore {
  readonly #db: Database.Database;
  readonly #now: () => number;
  readonly #byId: Database.Statement<[string], KeyRow>;

  constructor(options: SqliteKeyStoreOptions) {
    this.#db = new Database(options.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    this.#now = options.now ?? Date.now;
    this.#byId = this.#db.prepare('SELECT * FROM relay_keys WHERE id = ?');
  }

  async create(input: NewApiKey): Promise<CreatedApiKey> {
    const { name, kind, origins } = checkNewApiKey(input);
    const { id, key, hash } = mintApiKey(kind);
    const createdAt = this.#now();
    this.#db
      .prepare('INSERT INTO relay_keys (id, name, kind, key_hash, origins, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, name, kind, hash, JSON.stringify(origins), createdAt);
    return { key, record: { id, name, kind, origins, createdAt, revokedAt: undefined } };
  }

  async verify(presented: string): Promise<ApiKeyRecord | undefined> {
    const claimed = typeof presented === 'string' ? parseApiKey(presented) : undefined;
    const row = claimed ? this.#byId.get(claimed.id) : undefined;
    // Always one hash and one comparison, whatever was found.
    const matches = hashMatches(typeof presented === 'string' ? presented : '', row?.key_hash);
    if (!matches || !row || row.kind !== claimed?.kind || row.revoked_at !== null) return undefined;
    return toRecord(row);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.#db.prepare<[], KeyRow>('SELECT * FROM relay_keys ORDER BY created_at, rowid').all().map(toRecord);
  }

  async revoke(id: string): Promise<boolean> {
    const result = this.#db
      .prepare('UPDATE relay_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.#now(), id);
    return result.changes === 1;
  }

  async originAllowed(origin: string): Promise<boolean> {
    const rows = this.#db
      .prepare<[], { origins: string }>(
        "SELECT origins FROM relay_keys WHERE kind = 'publishable' AND revoked_at IS NULL",
      )
      .all();
    return rows.some((row) => (JSON.parse(row.origins) as string[]).includes(origin));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

function toRecord(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    origins: JSON.parse(row.origins) as string[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at ?? undefined,
  };
}
