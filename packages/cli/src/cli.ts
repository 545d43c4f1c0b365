/**
 * `zohokit` entry point. Start-up stays light: commander and the command tree are all that load before a
 * command runs; the SDK, the emulator, the HTTP server and the CSV code come in by dynamic import.
 */
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';

// `zohokit … | head` closes the pipe early: stop quietly, like any Unix tool, instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
}

const program = buildProgram(__ZOHOKIT_VERSION__, process.argv);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end through here with code 0; a bare `zohokit` shows help and is not an error either.
    const shownHelp = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    const bare = error.code === 'commander.help' && process.argv.length <= 2;
    process.exitCode = shownHelp || bare ? EXIT.ok : EXIT.usage;
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT.api;
  }
}

// The command is done. fetch keeps its idle keep-alive socket open for a while after the last answer, which
// would hold the process for a few hundred milliseconds: exit as soon as everything written has been flushed.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}
