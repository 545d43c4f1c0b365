/**
 * For the CPU-profile scripts (bench/profile-*.ts, not part of `npm run bench`): the emulator runs in a child
 * process, the same script started with `--emulator`, so that a profile of this process shows the client only.
 * The child sets up its tenant and prints one JSON line; the parent reads it, runs, and stops the child.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export async function withChildEmulator<T>(
  script: string,
  setup: () => Promise<{ payload: T; close(): Promise<void> }>,
  run: (payload: T) => Promise<void>,
): Promise<void> {
  if (process.argv[2] === '--emulator') {
    const { payload, close } = await setup();
    process.stdout.write(`${JSON.stringify(payload)}\n`);
    process.on('SIGTERM', () => void close().then(() => process.exit(0)));
    return;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script), '--emulator'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    await run(JSON.parse(line) as T);
  } finally {
    child.kill('SIGTERM');
  }
}

/** `calls` sequential calls of `call`, and one line with the time per call. */
export async function timeLoop(label: string, calls: number, call: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call();
  process.stdout.write(`${label}: ${calls} calls, ${((performance.now() - started) / calls).toFixed(3)} ms per call\n`);
}
