export type { CircuitOptions, CircuitState } from './circuit.js';
export type { Delivery, DeliveryError, DeliveryState, Lease, Settlement } from './delivery.js';
export { DELIVERY_STATES } from './delivery.js';
export type { RelayEvent, RelayEventListener } from './events.js';
export type { Operation, OperationInputs, OperationName, RequestOperationInput } from './operations.js';
export { checkOperation, OPERATION_NAMES } from './operations.js';
export type {
  AddResult,
  DeliveryFilter,
  LeaseOptions,
  NewDelivery,
  QueueControl,
  QueueCounts,
  RelayQueue,
} from './queue.js';
export type { EnqueueResult, RelayOptions, RelayStatus } from './relay.js';
export { createRelay, Relay } from './relay.js';
export { RelayConflictError } from './relay-errors.js';
export type { Schedule } from './schedule.js';
export { DEFAULT_SCHEDULE } from './schedule.js';
export type { SqliteQueueOptions } from './sqlite-queue.js';
export { SqliteQueue } from './sqlite-queue.js';
export type { WorkerOptions } from './worker.js';
export { RelayWorker } from './worker.js';
