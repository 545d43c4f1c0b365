/** The relay's own refusals. Payload problems are the SDK's `ZohoValidationError`s. */

/**
 * The idempotency key already names a delivery made from another payload (as Stripe answers 409 for a reused
 * key): nothing new was stored. Use a new key for a new operation.
 */
export class RelayConflictError extends Error {
  override readonly name = 'RelayConflictError';
  readonly code = 'idempotency_conflict';
  /** The HTTP status the intake answers with. */
  readonly status = 409;
  readonly fix = 'Use a new idempotency key for a different operation, or send the same payload again';

  constructor(
    readonly idempotencyKey: string,
    readonly deliveryId: string,
  ) {
    super(
      `relay: idempotency key ${JSON.stringify(idempotencyKey)} already names delivery ${deliveryId}, made from another payload`,
    );
  }
}

/** Why a queue could not be opened: `code` names the cause, `fix` what to do. Nothing was stored. */
export class RelayQueueSetupError extends Error {
  override readonly name = 'RelayQueueSetupError';

  constructor(
    readonly code: 'redis_client_missing' | 'redis_unreachable' | 'redis_evicts',
    message: string,
    readonly fix: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
