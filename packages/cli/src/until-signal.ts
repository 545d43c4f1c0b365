/** Long-running commands (`emulator start`, `relay serve`, `relay work`) wait here for SIGINT or SIGTERM. */

/** Resolves on the first SIGINT or SIGTERM; the listeners are removed, so a second signal takes Node's default (exit). */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
