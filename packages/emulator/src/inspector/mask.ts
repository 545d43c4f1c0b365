import { maskSecret } from '../ids.js';

/*
 * Masking for the request log. Everything is masked before it is stored, so the log, the control API that
 * serves it and the inspector page are safe to screenshot or paste into an issue. Three layers:
 *   1. by name: headers (Authorization, Cookie), URL and form parameters, JSON keys that hold secrets;
 *   2. by shape: anything that looks like a Zoho token or grant code, wherever it appears (HTML, text, paths);
 *   3. by value: the client secrets this emulator knows, wherever they appear.
 */

/** Zoho's token and grant-code shape (`1000.` + 32 hex + `.` + 32 hex), anywhere in a text. */
const TOKEN_SHAPE = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/g;

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Names whose values are secrets wherever they appear (compared without case, `_` or `-`). */
const SECRET_NAMES = new Set([
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'token',
  'clientsecret',
  'secret',
  'password',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
]);

/**
 * In requests and URLs `code` is an OAuth grant code. In response bodies it is a product's error code
 * (Campaigns `"2501"`, CRM `"INVALID_TOKEN"`), which must stay readable; a grant code in a response is still
 * caught by its shape.
 */
const REQUEST_SECRET_NAMES = new Set([...SECRET_NAMES, 'code']);

const HEADER_SECRET_NAMES = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie', 'xapikey']);

export interface Masker {
  /** Masks tokens (by shape) and known client secrets (by value) in any text. */
  text(value: string): string;
  /** A secret value: `1000.ab…ef`, keeping an auth scheme such as `Zoho-oauthtoken `. */
  secret(value: string): string;
  /** `a=1&client_secret=…`: masks secret parameters (grant codes included), keeps the rest as sent. */
  params(query: string): string;
  headers(headers: Headers): Record<string, string>;
  /** A JSON value, deep: secret keys masked, every string scanned. `requestSide` also masks `code`. */
  json(value: unknown, requestSide: boolean): unknown;
}

/**
 * @param knownSecrets values to mask wherever they appear (the emulator's client secrets). Short ones are
 * ignored: masking a 3-character secret would mangle every body that happens to contain those characters.
 */
export function createMasker(knownSecrets: Iterable<string>): Masker {
  const secrets = [...new Set(knownSecrets)].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);

  const text = (value: string): string => {
    let out = value.replace(TOKEN_SHAPE, (token) => maskSecret(token));
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(maskSecret(secret));
    return out;
  };

  const secret = (value: string): string => {
    const scheme = /^(\S+\s+)(\S.*)$/.exec(value);
    // `Zoho-oauthtoken 1000.…` keeps its scheme so one can see which kind of credential was sent.
    if (scheme?.[1] && scheme[2]) return `${scheme[1]}${maskSecret(scheme[2])}`;
    return maskSecret(value);
  };

  const params = (query: string): string =>
    query
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return text(pair);
        const name = safeDecode(pair.slice(0, eq));
        if (!REQUEST_SECRET_NAMES.has(normalise(name))) return text(pair);
        return `${pair.slice(0, eq)}=${maskSecret(safeDecode(pair.slice(eq + 1)))}`;
      })
      .join('&');

  const url = (value: string): string => {
    const q = value.indexOf('?');
    if (q < 0) return text(value);
    return `${text(value.slice(0, q))}?${params(value.slice(q + 1))}`;
  };

  const headers = (source: Headers): Record<string, string> => {
    const out: Record<string, string> = {};
    const names = [...source.keys()].sort();
    for (const name of names) {
      const value = source.get(name) ?? '';
      const key = normalise(name);
      if (key === 'cookie' || key === 'setcookie') out[name] = value.replace(/=[^;,]*/g, '=…');
      else if (HEADER_SECRET_NAMES.has(key)) out[name] = secret(value);
      else if (key === 'location' || key === 'referer') out[name] = url(value);
      else out[name] = text(value);
    }
    return out;
  };

  const json = (value: unknown, requestSide: boolean): unknown => {
    const names = requestSide ? REQUEST_SECRET_NAMES : SECRET_NAMES;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, inner] of Object.entries(v)) {
          out[k] = names.has(normalise(k)) && typeof inner === 'string' ? maskSecret(inner) : walk(inner);
        }
        return out;
      }
      return v;
    };
    return walk(value);
  };

  return { text, secret, params, headers, json };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
