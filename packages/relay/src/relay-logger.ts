/**
 * The relay service's structured log: pino, one JSON object a line (stdout by default). What it holds: the
 * intake's requests (method, route, status, duration, error code: never a body, a header or a key) and the
 * relay's events (ids, operations, Zoho's codes). What it never holds: secrets and e-mail addresses. Two layers
 * keep them out: pino's `redact` for the paths where they would sit, and every finished line passed through
 * `scrub` (the SDK's one `redact`, plus relay keys and e-mail addresses) before it is written.
 */

import { type DestinationStream, type Level, type LevelWithSilent, type Logger, pino } from 'pino';
import { REDACTED } from 'zohokit';
import type { RelayEvent } from './events.js';
import type { Relay } from './relay.js';
import { scrub, scrubText } from './scrub.js';

export type { Logger as RelayLogger } from 'pino';

export interface RelayLoggerOptions {
  /** `trace` … `fatal`, or `silent`. Default `info`. */
  level?: LevelWithSilent;
  /** Where lines go (default: stdout, asynchronously). A test passes a stream it reads. */
  destination?: DestinationStream;
  /** Fields on every line (default `{ service: 'zohokit-relay' }`). */
  base?: Record<string, unknown>;
  /**
   * Secrets to mask wherever they appear, beyond what is recognised by shape (Zoho tokens, relay keys, bearer
   * values, secret fields): pass the Zoho client secret, which has no shape of its own.
   */
  secrets?: Iterable<string | undefined>;
}

/** Where a secret or an address would sit in something logged by mistake. */
const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'key',
  'apiKey',
  'refreshToken',
  'accessToken',
  'clientSecret',
  '*.refreshToken',
  '*.accessToken',
  '*.clientSecret',
  'email',
  '*.email',
  '*.*.email',
  'input',
  '*.input',
];

export function createRelayLogger(options: RelayLoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? [])];
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { service: 'zohokit-relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: (line) => scrubLine(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** The last layer: whatever a line holds (a message, an error's text, a child's bindings) is scrubbed. */
function scrubLine(line: string, secrets: readonly (string | undefined)[]): string {
  try {
    return `${JSON.stringify(scrub(JSON.parse(line), secrets))}\n`;
  } catch {
    return scrubText(line, secrets);
  }
}

/** How much an event matters: what `--log-level` and a log search go by. */
export function eventLevel(event: RelayEvent): Level {
  switch (event.type) {
    case 'delivery.delivered':
    case 'delivery.enqueued':
    case 'queue.resumed':
      return 'info';
    case 'delivery.retry':
    case 'delivery.lease_lost':
      return 'warn';
    case 'circuit.changed':
      return event.state === 'open' ? 'warn' : 'info';
    case 'delivery.dead':
    case 'delivery.expired':
    case 'queue.paused':
    case 'worker.error':
      return 'error';
  }
}

/** An event as a log record: its fields (times as ISO-8601) and a short message. */
export function eventRecord(event: RelayEvent): { record: Record<string, unknown>; msg: string } {
  const { type, ...fields } = event;
  const record: Record<string, unknown> = { event: type, ...fields };
  if ('nextAttemptAt' in event) record.nextAttemptAt = new Date(event.nextAttemptAt).toISOString();
  if ('until' in event) record.until = event.until === undefined ? null : new Date(event.until).toISOString();
  const msg =
    event.type === 'circuit.changed'
      ? `circuit ${event.product} ${event.state}`
      : event.type === 'queue.paused'
        ? `queue paused: ${event.reason}`
        : type.replace('.', ' ').replace('_', ' ');
  return { record, msg };
}

/** Logs every event of `relay` from now on; returns the function that stops it. */
export function logRelayEvents(relay: Relay, logger: Logger): () => void {
  return relay.subscribe((event) => {
    const { record, msg } = eventRecord(event);
    logger[eventLevel(event)](record, msg);
  });
}
