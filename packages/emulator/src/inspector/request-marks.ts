import type { RequestOutcome } from '../counters.js';
import type { Fault } from '../fault-queue.js';

/*
 * What the fault middleware did to a request, for the request log, which sits in front of it: the fault that
 * applied and, when the connection was dropped, why. Keyed by the Request object, so nothing outlives it.
 */

interface Marks {
  fault?: Fault;
  outcome?: RequestOutcome;
}

const marks = new WeakMap<Request, Marks>();

const marksOf = (request: Request): Marks => {
  let entry = marks.get(request);
  if (!entry) {
    entry = {};
    marks.set(request, entry);
  }
  return entry;
};

export function markFault(request: Request, fault: Fault): void {
  marksOf(request).fault = fault;
}

export function markOutcome(request: Request, outcome: RequestOutcome): void {
  marksOf(request).outcome = outcome;
}

export function readMarks(request: Request): Readonly<Marks> {
  return marks.get(request) ?? {};
}
