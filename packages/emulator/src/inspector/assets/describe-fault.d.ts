import type { Fault } from '../../fault-queue.js';

/*
 * The type of describe-fault.js for the TypeScript server (the emulator package does not compile JavaScript).
 * describe-fault.js declares itself with `typeof describeFault` from this file, so the two cannot drift apart.
 */

/** `status 503, Retry-After 1, delay 200 ms`: one line for the request log and the inspector page. */
export declare function describeFault(fault: Fault): string;
