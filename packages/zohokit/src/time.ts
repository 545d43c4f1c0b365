/** Time units and the SDK's one timer-based wait (retries, lookups, waiting for another process's refresh). */

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;

/** Thrown by {@link sleep} when its signal fires before the time is up. */
export class SleepAborted extends Error {
  override readonly name = 'SleepAborted';
}

/** Waits `ms` milliseconds; ends early with {@link SleepAborted} if `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new SleepAborted('aborted'));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SleepAborted('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
