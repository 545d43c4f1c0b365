/**
 * An emulator in its own process, for benchmarks where Zoho must not share the event loop with the client
 * under test (a relay's synchronous SQLite commits would otherwise stall the emulator's answers too).
 * Prints its URL on the first line; exits when its stdin closes (the parent ended) or on SIGTERM.
 *
 *   node --import tsx bench/emulator-process.ts '{"latencyMs":200}'
 */
import { type EmulatorOptions, startEmulator } from '@zohokit/emulator';

const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
const emulator = await startEmulator({ ...options, port: 0 });
process.stdout.write(`${emulator.url}\n`);
const stop = () => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
