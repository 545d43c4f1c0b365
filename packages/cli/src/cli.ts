/**
 * The CLI proper (bin.ts runs it; it answers `--version` itself). Start-up stays light: commander and the
 * command tree are all that run before a command; each command module (with the SDK, the HTTP server, the CSV
 * code) is a dynamic import, which the CommonJS bundle keeps as a module that initialises only when used, and
 * the emulator and prompts are external ES modules.
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

void main();

async function main(): Promise<void> {
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
  // The command is done. An idle keep-alive socket is unref'd, but a prompt or a timer a command left behind
  // would hold the process: exit as soon as everything written has been flushed.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}
