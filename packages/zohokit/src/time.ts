/** The SDK's one timer-based wait (retries, backoff between lookups, waiting for another process's refresh). */

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
