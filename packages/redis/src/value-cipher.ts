import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createZohoError, type ZohoConfigError } from 'zohokit';

/** Marks a sealed value; anything else at rest is plain JSON or a plain refresh token. */
const SEALED = 'aes256gcm:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyError(message: string): ZohoConfigError {
  return createZohoError('config', {
    message: `zohokit: RedisTokenStore option "encryptionKey" ${message}`,
    code: 'invalid_config',
    fix: "Generate one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('hex'))\"",
  }) as ZohoConfigError;
}

/** A 32-byte key from a Buffer/Uint8Array, 64 hex characters or base64. The key itself is never echoed. */
export function parseEncryptionKey(value: unknown): Buffer {
  let key: Buffer;
  if (value instanceof Uint8Array) key = Buffer.from(value);
  // Pure hex is hex (a 32-byte key in base64 is 44 characters ending in '=', never pure hex).
  else if (typeof value === 'string' && /^(?:[0-9a-f]{2})+$/i.test(value)) key = Buffer.from(value, 'hex');
  else if (typeof value === 'string' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) key = Buffer.from(value, 'base64');
  else throw keyError('must be 32 bytes: a Buffer, 64 hex characters or base64');
  if (key.length !== 32) throw keyError(`must be 32 bytes (got ${key.length})`);
  return key;
}

/**
 * AES-256-GCM for values at rest. The Redis key is bound in as associated data, so a sealed value copied to
 * another tenant's key does not open there.
 */
export class ValueCipher {
  readonly #key: Buffer | undefined;

  constructor(key: Buffer | undefined) {
    this.#key = key;
  }

  seal(plain: string, redisKey: string): string {
    if (!this.#key) return plain;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(redisKey));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return SEALED + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(stored: string, redisKey: string): string {
    const sealed = stored.startsWith(SEALED);
    if (!this.#key) {
      if (sealed) throw unreadable(redisKey, 'it is encrypted and this store has no encryptionKey');
      return stored;
    }
    // A plain value could have been written by anyone with access to Redis: only authenticated values count.
    if (!sealed) throw unreadable(redisKey, 'it is not encrypted but this store has an encryptionKey');
    const raw = Buffer.from(stored.slice(SEALED.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(redisKey));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw unreadable(redisKey, 'it does not decrypt with this encryptionKey (another key, or tampered)');
    }
  }
}

function unreadable(redisKey: string, why: string): ZohoConfigError {
  return createZohoError('config', {
    message: `zohokit: the value at Redis key "${redisKey}" cannot be read: ${why}`,
    code: 'token_store_unreadable',
    fix: 'Give every process the same encryptionKey; the next refresh overwrites the value',
  }) as ZohoConfigError;
}
