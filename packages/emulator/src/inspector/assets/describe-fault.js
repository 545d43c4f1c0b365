// @ts-check
// One scripted fault as one line, for the request log (the server imports this file) and the inspector page (the
// browser loads it as a module). Plain JavaScript with JSDoc types so both can use the same file without a build
// step; describe-fault.d.ts gives the TypeScript server its type, and this file is checked against it.

/** @typedef {import('../../fault-queue.js').Fault} Fault */

/**
 * `status 503, Retry-After 1, delay 200 ms`.
 * @type {typeof import('./describe-fault.js').describeFault}
 */
export function describeFault(fault) {
  /** @type {string[]} */
  const parts = [];
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
