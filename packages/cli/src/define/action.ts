/**
 * Glue between commander and the command modules. The module of a command is loaded with a dynamic `import()`
 * only when that command runs, so `zohokit --version` and `--help` load commander and this tree, nothing else.
 */
import type { Command } from 'commander';
import { type Context, createContext, type GlobalOptions } from '../context.js';

// biome-ignore lint/suspicious/noExplicitAny: each command module declares its own option and argument types.
export type Handler = (ctx: Context, options: any, ...args: any[]) => Promise<void>;

/** `load` resolves to the command's handler; failures become a report on stderr and an exit code. */
export function action(load: () => Promise<Handler>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received[received.length - 1] as Command;
    const args = received.slice(0, -2);
    // A command sees its own options and its parents' (`desk --org-id`, the global `--json`) as one object.
    const globals = command.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const options = { ...globals, ...command.opts() };
    const ctx = createContext({ profile: globals.profile, json: globals.json, verbose: globals.verbose });
    try {
      const handler = await load();
      await handler(ctx, options, ...args);
    } catch (error) {
      process.exitCode = await report(ctx, error);
    }
  };
}

async function report(ctx: Context, error: unknown): Promise<number> {
  const { reportError } = await import('../output/errors.js');
  return reportError(ctx, error);
}

/** Adds the "Examples:" block every command's --help ends with. */
export function examples(command: Command, ...lines: string[]): Command {
  return command.addHelpText(
    'after',
    `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`,
  );
}

/** Repeatable `-q key=value` style options collect into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
