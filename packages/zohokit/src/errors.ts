import { redact } from './redact.js';

/** Which Zoho service an error came from. `accounts` is the OAuth token endpoint; `api` is any other product. */
export type ZohoProduct = 'accounts' | 'api' | 'desk' | 'campaigns';

/** The request behind an error, already redacted: no token, secret or grant code survives in it. */
export interface RedactedRequest {
  method: string;
  url: string;
}

export type ZohoErrorKind =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'rate_limit'
  | 'connection'
  | 'api'
  | 'config';

export interface ZohoErrorInit {
  /** What happened, in one sentence. The factory appends the code, the status and the fix. */
  message: string;
  status?: number | undefined;
  /** Zoho's own code (`invalid_code`, `INVALID_OAUTH`, `2004`, …) or one of zohokit's (`timeout`, `non_json_response`). */
  code?: string | undefined;
  product?: ZohoProduct | undefined;
  requestId?: string | undefined;
  request?: RedactedRequest | undefined;
  /** What the caller should do about it. */
  fix?: string | undefined;
  /** Small structured facts (field name, missing scope, …). Never a response body with secrets. */
  details?: Record<string, unknown> | undefined;
  retryAfterMs?: number | undefined;
  /** Attempts made before giving up (connection errors). */
  attempts?: number | undefined;
  cause?: unknown;
  /** Literal secrets known to the caller, masked in addition to the shape-based redaction. */
  secrets?: Iterable<string | undefined>;
}

/** Base class of every error zohokit throws. Every field is redacted when the error is built. */
export class ZohoError extends Error {
  override readonly name: string = 'ZohoError';
  readonly kind: ZohoErrorKind = 'api';
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly product: ZohoProduct | undefined;
  readonly requestId: string | undefined;
  readonly request: RedactedRequest | undefined;
  readonly fix: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: ZohoErrorInit) {
    const secrets = [...(init.secrets ?? [])];
    super(redact(composeMessage(init), secrets));
    this.status = init.status;
    this.code = init.code;
    this.product = init.product;
    this.requestId = init.requestId;
    this.request = init.request ? redact(init.request, secrets) : undefined;
    this.fix = init.fix ? redact(init.fix, secrets) : undefined;
    this.details = init.details ? redact(init.details, secrets) : undefined;
    if (init.cause !== undefined) {
      // Keep the cause's name/code/message only: a raw fetch error or response object may hold secrets.
      Object.defineProperty(this, 'cause', {
        value: sanitiseCause(init.cause, secrets),
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }

  /** Every public field that is set (subclasses' extra fields included); `cause` stays out. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.message };
    for (const [key, value] of Object.entries(this)) if (value !== undefined) out[key] = value;
    return out;
  }
}

/** Token missing/expired/revoked, wrong client or data centre. Re-authorise or fix the credentials. */
export class ZohoAuthError extends ZohoError {
  override readonly name = 'ZohoAuthError';
  override readonly kind = 'auth';
}
/** The token lacks a scope, or belongs to another organization. */
export class ZohoPermissionError extends ZohoError {
  override readonly name = 'ZohoPermissionError';
  override readonly kind = 'permission';
}
export class ZohoNotFoundError extends ZohoError {
  override readonly name = 'ZohoNotFoundError';
  override readonly kind = 'not_found';
}
/** Zoho rejected the input (Desk 422, Campaigns invalid email, …), or zohokit did before sending it. */
export class ZohoValidationError extends ZohoError {
  override readonly name = 'ZohoValidationError';
  override readonly kind = 'validation';
}
/** Throttled by Zoho, or stopped locally before Zoho would throttle. `retryAfterMs` says when to try again. */
export class ZohoRateLimitError extends ZohoError {
  override readonly name = 'ZohoRateLimitError';
  override readonly kind = 'rate_limit';
  readonly retryAfterMs: number | undefined;
  constructor(init: ZohoErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** Timeout, reset, refused connection, DNS failure: the request may or may not have reached Zoho. */
export class ZohoConnectionError extends ZohoError {
  override readonly name = 'ZohoConnectionError';
  override readonly kind = 'connection';
  readonly attempts: number | undefined;
  constructor(init: ZohoErrorInit) {
    super(init);
    this.attempts = init.attempts;
  }
}
/** Any other failure answered by Zoho: 5xx, an HTML page instead of JSON, an unknown error envelope. */
export class ZohoApiError extends ZohoError {
  override readonly name = 'ZohoApiError';
  override readonly kind = 'api';
}
/** Invalid options, missing credentials, an unknown data centre: fix the configuration. Never sent to Zoho. */
export class ZohoConfigError extends ZohoError {
  override readonly name = 'ZohoConfigError';
  override readonly kind = 'config';
}

const CLASSES = {
  auth: ZohoAuthError,
  permission: ZohoPermissionError,
  not_found: ZohoNotFoundError,
  validation: ZohoValidationError,
  rate_limit: ZohoRateLimitError,
  connection: ZohoConnectionError,
  api: ZohoApiError,
  config: ZohoConfigError,
} as const satisfies Record<ZohoErrorKind, new (init: ZohoErrorInit) => ZohoError>;

/** The one factory every zohokit error is built by. */
export function createZohoError(kind: ZohoErrorKind, init: ZohoErrorInit): ZohoError {
  return new CLASSES[kind](init);
}

/** Package-prefixed configuration error, thrown at construction. */
export function configError(message: string, fix?: string): ZohoConfigError {
  return createZohoError('config', { message, code: 'invalid_config', fix }) as ZohoConfigError;
}

export function isZohoError(value: unknown): value is ZohoError {
  return value instanceof ZohoError;
}

function composeMessage(init: ZohoErrorInit): string {
  const facts: string[] = [];
  if (init.code) facts.push(init.code);
  if (init.status !== undefined) facts.push(`HTTP ${init.status}`);
  const head = init.message.startsWith('zohokit:') ? init.message : `zohokit: ${init.message}`;
  const withFacts = facts.length > 0 ? `${head} (${facts.join(', ')})` : head;
  return init.fix ? `${withFacts}. ${init.fix}` : withFacts;
}

function sanitiseCause(cause: unknown, secrets: (string | undefined)[]): unknown {
  if (cause instanceof ZohoError) return cause;
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    const code = (cause as { code?: unknown }).code ?? (inner as { code?: unknown } | undefined)?.code;
    const safe = new Error(redact(cause.message, secrets));
    safe.name = cause.name;
    if (typeof code === 'string') (safe as Error & { code?: string }).code = code;
    safe.stack = `${safe.name}: ${safe.message}`;
    return safe;
  }
  return redact(cause, secrets);
}
