/**
 * The intake's `Host` check, against DNS rebinding: a page on `evil.example` re-pointed at 127.0.0.1 reaches
 * the intake as same-origin, but its requests still say `Host: evil.example`. The attack needs a name the
 * attacker controls, so IP literals and `localhost` are always safe; any other name (the one a proxy serves the
 * intake under) must be listed in `allowedHosts`. The same rule as the emulator's (its security/allowed-hosts.ts).
 */

import { isIP } from 'node:net';

/** Host names (`relay.example.com`), or `.example.com` for that name and every name under it; `true` allows any. */
export type AllowedHosts = readonly string[] | true;

/** The lower-case host name of a `Host` header, without port or trailing dot; null when it is not a host. */
export function hostNameOf(hostHeader: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[^\s:/?#@[\]\\]+)(?::\d{1,5})?$/i.exec(hostHeader.trim());
  if (!match?.[1]) return null;
  const name = match[1].toLowerCase();
  if (name.startsWith('[')) return isIP(name.slice(1, -1)) === 6 ? name : null;
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function createHostCheck(allowedHosts: AllowedHosts): (hostHeader: string) => boolean {
  if (allowedHosts === true) return () => true;
  const patterns = allowedHosts.map((p) => p.toLowerCase());
  return (hostHeader) => {
    const name = hostNameOf(hostHeader);
    if (name === null) return false;
    // RFC 6761: `localhost` and names under it always resolve to loopback.
    if (name.startsWith('[') || isIP(name) === 4 || name === 'localhost' || name.endsWith('.localhost')) return true;
    return patterns.some((p) => (p.startsWith('.') ? name === p.slice(1) || name.endsWith(p) : name === p));
  };
}
