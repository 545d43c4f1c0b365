import { redact } from './redact.js';

/** Which Zoho service an error came from. `accounts` is the OAuth token endpoint; `api` is any other product. */
export type ZohoProduct = 'accounts' | 'api' | 'desk' | 'campaigns';

/** The request behind an error, already redacted: no token, secret or grant code survives in it. */
export interface RedactedRequest {
  method: string;
  url: string;
}

/** The discriminant of {@link AnyZohoError}: one value per error class. */
export type ZohoErrorKind =
  | 'auth'
  | 'permission'
  | 'not_found'
  | 'validation'
  | 'rate_limit'
  | 'connection'
  | 'api'
  | 'config';

/**
 * What a caller that can wait longer than one call (a queue worker, the relay) should do with a failure.
 * The pipeline sets it from the same rules it used to decide not to retry any more (http/outcome.ts):
 * - `retryable`: Zoho answered "later" (429, 5xx, a lock period); try again after `retryAfterMs` or a backoff.
 * - `not_sent`: the request certainly never reached Zoho (refused, DNS, the token call failed); any method may be sent again.
 * - `ambiguous`: a create may have taken effect (reset or timeout after sending, a 5xx on POST): reconcile
 *   through the operation's duplicate guard before any replay.
 * - `permanent`: retrying cannot help (validation, not found, an unknown 4xx).
 * - `blocked`: a person must act (re-authorise, fix the client id, data centre, scope, org or configuration).
 */
export type ZohoOutcome = 'retryable' | 'not_sent' | 'ambiguous' | 'permanent' | 'blocked';

/** The facts an error is built from, through {@link createZohoError}. */
export interface ZohoErrorInit {
  /** What happened, in one sentence (kept as `summary`). The message adds the code, the status and the fix. */
  message: string;
  status?: number | undefined;
  /** Zoho's own code (`invalid_code`, `INVALID_OAUTH`, `2004`, …) or one of zohokit's (`timeout`, `non_json_response`). */
  code?: string | undefined;
  product?: ZohoProduct | undefined;
  /** Zoho's id for the request (`x-request-id`), to quote to Zoho support. */
  requestId?: string | undefined;
  /** zohokit's id for the call (`zk-N`), the same as on the call's events. */
  callId?: string | undefined;
  request?: RedactedRequest | undefined;
  /** What the caller should do about it. */
  fix?: string | undefined;
  /** Small structured facts (field name, missing scope, …). Never a response body with secrets. */
  details?: Record<string, unknown> | undefined;
  retryAfterMs?: number | undefined;
  /** Attempts made before giving up. */
  attempts?: number | undefined;
  /** Set by the pipeline; otherwise derived from the kind (see {@link ZohoOutcome}). */
  outcome?: ZohoOutcome | undefined;
  cause?: unknown;
  /** Literal secrets known to the caller, masked in addition to the shape-based redaction. */
  secrets?: Iterable<string | undefined>;
}

/**
 * Marks zohokit errors so that `instanceof` holds across copies of the package (the ESM and the CJS build
 * loaded side by side, or two installs): `Symbol.for` is shared by every realm-local copy. The `v1` names
 * the shape; a future incompatible shape gets another brand.
 */
const BRAND: unique symbol = Symbol.for('zohokit.error.v1') as never;

/** Base class of every error zohokit throws. Every field is redacted when the error is built. */
export class ZohoError extends Error {
  /** @internal The kind a subclass stands for, read by `instanceof` across copies; the base accepts every kind. */
  static readonly brandKind: ZohoErrorKind | undefined = undefined;

  override readonly name: string = 'ZohoError';
  readonly kind: ZohoErrorKind = 'api';
  /** What happened, in one sentence, without the code, status or fix (those have their own fields). */
  readonly summary: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly product: ZohoProduct | undefined;
  /** Zoho's id for the request (`x-request-id`), when Zoho sent one. */
  readonly requestId: string | undefined;
  /** zohokit's id for the call (`zk-N`), the same as on the call's events. */
  readonly callId: string | undefined;
  readonly request: RedactedRequest | undefined;
  readonly fix: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly attempts: number | undefined;
  /**
   * How long to wait before calling again, when Zoho said (`Retry-After`, a Campaigns lock period) or the
   * local token budget did. Always set on a rate-limit error that Zoho timed; a 503 may carry it too.
   */
  readonly retryAfterMs: number | undefined;
  /** What a worker that can wait should do next; see {@link ZohoOutcome}. */
  readonly outcome: ZohoOutcome;

  constructor(init: ZohoErrorInit, kind: ZohoErrorKind = 'api') {
    const secrets = [...(init.secrets ?? [])];
    const summary = redact(init.message.replace(/^zohokit:\s*/, ''), secrets);
    const fix = init.fix ? redact(init.fix, secrets) : undefined;
    super(composeMessage(summary, init.code, init.status, fix));
    Object.defineProperty(this, BRAND, { value: true });
    this.summary = summary;
    this.status = init.status;
    this.code = init.code;
    this.product = init.product;
    this.requestId = init.requestId;
    this.callId = init.callId;
    this.request = init.request ? redact(init.request, secrets) : undefined;
    this.fix = fix;
    this.details = init.details ? redact(init.details, secrets) : undefined;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
    this.outcome = init.outcome ?? defaultOutcome(kind, init.status);
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

  /** True for a zohokit error of this class from any copy of zohokit (ESM, CJS, another install). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class `instanceof` was asked about: a subclass accepts only its own kind.
    // biome-ignore lint/complexity/noThisInStatic: the subclass, not ZohoError, must answer.
    const target = this as unknown as { brandKind?: ZohoErrorKind };
    if (Function.prototype[Symbol.hasInstance].call(target, value)) return true;
    if (typeof value !== 'object' || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    return target.brandKind === undefined || (value as ZohoError).kind === target.brandKind;
  }

  /** Every public field that is set (subclasses' extra fields included); `cause` stays out. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, kind: this.kind, message: this.message };
    for (const [key, value] of Object.entries(this)) if (value !== undefined) out[key] = value;
    return out;
  }
}

/**
 * The class of one kind: its `kind` is a literal type (what makes {@link AnyZohoError} a discriminated union),
 * and `instanceof` across copies accepts only that kind.
 */
function kindClass<K extends ZohoErrorKind>(kind: K, name: string) {
  return class extends ZohoError {
    /** @internal */
    static override readonly brandKind: ZohoErrorKind | undefined = kind;
    override readonly name: string = name;
    override readonly kind: K = kind;
    constructor(init: ZohoErrorInit) {
      super(init, kind);
    }
  };
}

/** Token missing/expired/revoked, wrong client or data centre. Re-authorise or fix the credentials. */
export class ZohoAuthError extends kindClass('auth', 'ZohoAuthError') {}
/** The token lacks a scope, or belongs to another organization. */
export class ZohoPermissionError extends kindClass('permission', 'ZohoPermissionError') {}
/** The record, list, organization or URL does not exist (any more). */
export class ZohoNotFoundError extends kindClass('not_found', 'ZohoNotFoundError') {}
/** Zoho rejected the input (Desk 422, Campaigns invalid email, …), or zohokit did before sending it. */
export class ZohoValidationError extends kindClass('validation', 'ZohoValidationError') {}
/** Throttled by Zoho, or stopped locally before Zoho would throttle. `retryAfterMs` says when to try again. */
export class ZohoRateLimitError extends kindClass('rate_limit', 'ZohoRateLimitError') {}
/** Timeout, reset, refused connection, DNS failure: `outcome` says whether the request may have reached Zoho. */
export class ZohoConnectionError extends kindClass('connection', 'ZohoConnectionError') {}
/** Any other failure answered by Zoho: 5xx, an HTML page instead of JSON, an unknown error envelope. */
export class ZohoApiError extends kindClass('api', 'ZohoApiError') {}
/** Invalid options, missing credentials, an unknown data centre: fix the configuration. Never sent to Zoho. */
export class ZohoConfigError extends kindClass('config', 'ZohoConfigError') {}

/** Every error zohokit throws, as a union callers narrow on `kind` without casts. */
export type AnyZohoError =
  | ZohoAuthError
  | ZohoPermissionError
  | ZohoNotFoundError
  | ZohoValidationError
  | ZohoRateLimitError
  | ZohoConnectionError
  | ZohoApiError
  | ZohoConfigError;

/** The error class for each kind. */
export interface ZohoErrorByKind {
  auth: ZohoAuthError;
  permission: ZohoPermissionError;
  not_found: ZohoNotFoundError;
  validation: ZohoValidationError;
  rate_limit: ZohoRateLimitError;
  connection: ZohoConnectionError;
  api: ZohoApiError;
  config: ZohoConfigError;
}

const CLASSES: { [K in ZohoErrorKind]: new (init: ZohoErrorInit) => ZohoErrorByKind[K] } = {
  auth: ZohoAuthError,
  permission: ZohoPermissionError,
  not_found: ZohoNotFoundError,
  validation: ZohoValidationError,
  rate_limit: ZohoRateLimitError,
  connection: ZohoConnectionError,
  api: ZohoApiError,
  config: ZohoConfigError,
};

/** The one factory every zohokit error is built by. */
export function createZohoError<K extends ZohoErrorKind>(kind: K, init: ZohoErrorInit): ZohoErrorByKind[K] {
  return new CLASSES[kind](init);
}

/** The same error with more facts (the call's id, attempts, outcome): a shared error is never mutated. */
export function withFacts(error: ZohoError, facts: Partial<ZohoErrorInit>): AnyZohoError {
  return createZohoError(error.kind, {
    message: error.summary,
    status: error.status,
    code: error.code,
    product: error.product,
    requestId: error.requestId,
    callId: error.callId,
    request: error.request,
    fix: error.fix,
    details: error.details,
    retryAfterMs: error.retryAfterMs,
    attempts: error.attempts,
    outcome: error.outcome,
    cause: (error as { cause?: unknown }).cause,
    ...facts,
  });
}

/** Package-prefixed configuration error, thrown at construction. */
export function configError(message: string, fix?: string): ZohoConfigError {
  return createZohoError('config', { message, code: 'invalid_config', fix });
}

/** True for any zohokit error (from any copy of the package); narrows to the union, so `switch (e.kind)` works. */
export function isZohoError(value: unknown): value is AnyZohoError {
  return value instanceof ZohoError;
}

/** An error's message, or the thrown value as text: for warnings that quote what went wrong. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultOutcome(kind: ZohoErrorKind, status: number | undefined): ZohoOutcome {
  switch (kind) {
    case 'auth':
    case 'permission':
    case 'config':
      return 'blocked';
    case 'rate_limit':
      return 'retryable';
    case 'connection':
      return 'ambiguous';
    case 'api':
      return status !== undefined && status >= 500 ? 'retryable' : 'permanent';
    default:
      return 'permanent';
  }
}

function composeMessage(summary: string, code: string | undefined, status: number | undefined, fix?: string): string {
  const facts: string[] = [];
  if (code) facts.push(code);
  if (status !== undefined) facts.push(`HTTP ${status}`);
  const head = `zohokit: ${summary}`;
  const withFacts = facts.length > 0 ? `${head} (${facts.join(', ')})` : head;
  return fix ? `${withFacts}. ${fix}` : withFacts;
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
