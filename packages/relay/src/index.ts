export type { CircuitOptions, CircuitState } from './circuit.js';
export type { Delivery, DeliveryError, DeliveryState, Lease, Settlement } from './delivery.js';
export { DELIVERY_STATES } from './delivery.js';
export type { RelayEvent, RelayEventListener } from './events.js';
export type { AdminDeliveryView, StatusView } from './http/admin-views.js';
export type { CreateIntakeInput, IntakeOptions } from './http/create-intake.js';
export { createIntake, INTAKE_DEFAULT_BODY_LIMIT } from './http/create-intake.js';
export type { AllowedHosts } from './http/host-check.js';
export type { FieldProblem } from './http/intake-requests.js';
export type { DeliveryView, IntakeErrorBody, IntakeErrorCode } from './http/intake-responses.js';
export type {
  ApiKeyKind,
  ApiKeyRecord,
  CreatedApiKey,
  KeyStore,
  NewApiKey,
  SqliteKeyStoreOptions,
} from './http/key-store.js';
export { SqliteKeyStore } from './http/key-store.js';
export type { RateLimit } from './http/rate-limiter.js';
export { DEFAULT_RATE_LIMIT } from './http/rate-limiter.js';
export type { ServedIntake, ServeIntakeOptions } from './http/serve-intake.js';
export { serveIntake } from './http/serve-intake.js';
export type { Operation, OperationInputs, OperationName, RequestOperationInput } from './operations.js';
export { checkOperation, OPERATION_NAMES } from './operations.js';
/** The queue adapter contract (storage only; the worker holds the policy). */
export type * from './queue.js';
export type { RedisDurability, RedisQueueOptions } from './redis-queue.js';
export { RedisQueue } from './redis-queue.js';
export type { EnqueueResult, RelayOptions, RelayStatus } from './relay.js';
export { createRelay, Relay } from './relay.js';
export { RelayConflictError, RelayQueueSetupError } from './relay-errors.js';
export type { RelayLogger, RelayLoggerOptions } from './relay-logger.js';
export { createRelayLogger, eventLevel, eventRecord, logRelayEvents } from './relay-logger.js';
export type { RelayMetricsOptions } from './relay-metrics.js';
export { createRelayMetrics, RelayMetrics } from './relay-metrics.js';
export type { Schedule } from './schedule.js';
export { DEFAULT_SCHEDULE } from './schedule.js';
export { maskEmails, scrub, scrubText } from './scrub.js';
export type { SqliteQueueOptions } from './sqlite-queue.js';
export { SqliteQueue } from './sqlite-queue.js';
export type { WorkerOptions } from './worker.js';
export { RelayWorker } from './worker.js';
