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

/** `status 503, Retry-After 1, delay 200 ms`: one line for the log and the inspector. */
export function describeFault(fault: Fault): string {
  const parts: string[] = [];
  if (fault.status !== undefined) {
    parts.push(`status ${fault.status}`);
    if (fault.retryAfter !== undefined) parts.push(`Retry-After ${fault.retryAfter}`);
  } else if (fault.reset) parts.push(`reset ${fault.reset}`);
  else if (fault.hang) parts.push('hang');
  else parts.push('pass');
  if (fault.delayMs) parts.push(`delay ${fault.delayMs} ms`);
  if (fault.repeatForMs) parts.push(`outage ${fault.repeatForMs / 1000} s`);
  return parts.join(', ');
}
