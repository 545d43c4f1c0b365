import { isIP } from 'node:net';
import { zohoHostNames } from '../zoho-domains.js';

/*
 * The Host check (like Vite's `server.allowedHosts` and webpack-dev-server's host check) is what defeats DNS
 * rebinding: a page on `evil.example` whose name is re-pointed at 127.0.0.1 reaches the emulator as same-origin,
 * but its requests still say `Host: evil.example`. A rebinding attack needs a name the attacker controls, so IP
 * literals, `localhost` and Zoho's own host names are always safe; any other name must be allowed by the user.
 */

/** `allowedHosts` entries: a host name, or `.example.test` for that name and every name under it. */
export const ALLOWED_HOST_PATTERN =
  /^\.?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** `true` allows any Host: only for an emulator behind a proxy that checks the Host itself. */
export type AllowedHosts = readonly string[] | true;

/**
 * The host name of a `Host` header, lower case, without port or a trailing dot; `[::1]` keeps its brackets.
 * null when the value is not `host[:port]` (userinfo, a path, spaces or an empty name are never a host).
 */
export function hostNameOf(hostHeader: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[^\s:/?#@[\]\\]+)(?::\d{1,5})?$/i.exec(hostHeader.trim());
  if (!match?.[1]) return null;
  const name = match[1].toLowerCase();
  if (name.startsWith('[')) return isIP(name.slice(1, -1)) === 6 ? name : null;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function isIpLiteral(name: string): boolean {
  return name.startsWith('[') || isIP(name) === 4;
}

function isLocalhost(name: string): boolean {
  // RFC 6761: `localhost` and every name under it resolve to loopback and never to a DNS answer.
  return name === 'localhost' || name.endsWith('.localhost');
}

function matchesPattern(name: string, pattern: string): boolean {
  const lower = pattern.toLowerCase();
  if (!lower.startsWith('.')) return name === lower;
  return name === lower.slice(1) || name.endsWith(lower);
}

/**
 * Returns the check for one emulator: its bind address (when it is a name, e.g. `myhost.lan`) and the user's
 * `allowedHosts` join the always-allowed names. Matching ignores case and the port.
 */
export function createHostCheck(bindHost: string, allowedHosts: AllowedHosts): (hostHeader: string) => boolean {
  if (allowedHosts === true) return () => true;
  const exact = new Set(zohoHostNames());
  const bound = hostNameOf(bindHost) ?? hostNameOf(`[${bindHost}]`);
  if (bound) exact.add(bound);
  const patterns = [...allowedHosts];
  return (hostHeader) => {
    const name = hostNameOf(hostHeader);
    if (name === null) return false;
    if (isIpLiteral(name) || isLocalhost(name) || exact.has(name)) return true;
    return patterns.some((pattern) => matchesPattern(name, pattern));
  };
}
