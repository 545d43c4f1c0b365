/**
 * Each command declared once: its name, help, arguments and flags in one typed definition that builds the
 * commander command and types the handler (`InferFlags`), so renaming a flag breaks the build, not a run.
 * The handler's module is loaded with a dynamic `import()` only when that command runs, so `zohokit --version`
 * and `--help` load commander and this tree, nothing else.
 */
import { type Command, Option } from 'commander';
import { type Context, createContext, type GlobalOptions } from '../context.js';

/** One flag: commander's flag string (`-q, --query <key=value>`, `--no-browser`, `--save-profile [name]`). */
export interface FlagSpec {
  readonly flag: string;
  readonly description: string;
  /** Shown in --help and used when the flag is absent. */
  readonly default?: string;
  /** commander refuses to run without it. */
  readonly required?: boolean;
  /** Turns each occurrence into the value (with the previous one, for repeatable flags). */
  readonly parse?: (value: string, previous: never) => unknown;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ArgSpec {
  /** `<name>` (required) or `[name]` (optional). */
  readonly name: string;
  readonly description: string;
}

type FlagValue<S extends FlagSpec> = S extends { parse: (value: string, previous: never) => infer T }
  ? T
  : S['flag'] extends `${string}--no-${string}`
    ? boolean
    : S['flag'] extends `${string}<${string}>`
      ? string
      : S['flag'] extends `${string}[${string}]`
        ? string | true
        : boolean;

/** A flag that always has a value: a default, a required flag, or a `--no-…` switch (true unless given). */
type AlwaysSet<S extends FlagSpec> = S extends { default: string }
  ? true
  : S extends { required: true }
    ? true
    : S['flag'] extends `${string}--no-${string}`
      ? true
      : false;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The options object a handler receives for these flags. */
export type InferFlags<F extends FlagSpecs> = Simplify<
  { -readonly [K in keyof F as AlwaysSet<F[K]> extends true ? K : never]: FlagValue<F[K]> } & {
    -readonly [K in keyof F as AlwaysSet<F[K]> extends true ? never : K]?: FlagValue<F[K]> | undefined;
  }
>;

/** The positional arguments a handler receives, in order. */
export type InferArgs<A extends readonly ArgSpec[]> = {
  -readonly [I in keyof A]: A[I] extends { name: `[${string}]` } ? string | undefined : string;
};

/** What a command's handler receives: its own flags, its groups' flags (`desk --org-id`) and the global ones. */
export type CommandOptions<F extends FlagSpecs, P extends FlagSpecs = {}> = InferFlags<F> &
  InferFlags<P> &
  GlobalOptions;

export type Handler<F extends FlagSpecs, A extends readonly ArgSpec[] = [], P extends FlagSpecs = {}> = (
  ctx: Context,
  options: CommandOptions<F, P>,
  ...args: InferArgs<A>
) => Promise<void>;

export interface CommandSpec<F extends FlagSpecs, A extends readonly ArgSpec[], P extends FlagSpecs> {
  name: string;
  description: string;
  /** The one-line text in the parent's command list, when the description is longer. */
  summary?: string;
  /** Runs when the parent group is given without a subcommand (`zohokit desk orgs`). */
  isDefault?: boolean;
  args?: A;
  flags?: F;
  /** Flags declared on a parent group that this handler reads. */
  inherits?: P;
  examples?: readonly string[];
  load: () => Promise<Handler<F, A, P>>;
}

export interface GroupSpec<F extends FlagSpecs> {
  name: string;
  description: string;
  flags?: F;
  examples?: readonly string[];
}

/** A command group (`desk`, `auth`): help, examples and the flags its subcommands inherit. */
export function defineGroup<const F extends FlagSpecs = {}>(parent: Command, spec: GroupSpec<F>): Command {
  const group = parent.command(spec.name).description(spec.description);
  for (const flag of Object.values(spec.flags ?? {})) group.addOption(option(flag));
  return examples(group, ...(spec.examples ?? []));
}

export function defineCommand<
  const F extends FlagSpecs = {},
  const A extends readonly ArgSpec[] = [],
  const P extends FlagSpecs = {},
>(parent: Command, spec: CommandSpec<F, A, P>): Command {
  const command = parent.command(spec.name, spec.isDefault ? { isDefault: true } : {}).description(spec.description);
  if (spec.summary !== undefined) command.summary(spec.summary);
  for (const arg of spec.args ?? []) command.argument(arg.name, arg.description);
  const own = Object.entries(spec.flags ?? {}).map(([key, flag]) => {
    const built = option(flag);
    command.addOption(built);
    return [key, built.attributeName()] as const;
  });
  const inherited = Object.entries(spec.inherits ?? {}).map(
    ([key, flag]) => [key, new Option(flag.flag).attributeName()] as const,
  );
  command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    const args = received.slice(0, -2);
    const all = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const mine = self.opts<Record<string, unknown>>();
    // The handler sees the keys its definition names, whatever attribute name commander derived.
    const options: Record<string, unknown> = {
      profile: all.profile,
      json: all.json,
      verbose: all.verbose,
      timeout: all.timeout,
    };
    for (const [key, attribute] of inherited) options[key] = all[attribute];
    for (const [key, attribute] of own) options[key] = mine[attribute];
    const ctx = createContext({ profile: all.profile, json: all.json, verbose: all.verbose, timeout: all.timeout });
    try {
      const handler = await spec.load();
      await (handler as (ctx: Context, options: unknown, ...args: unknown[]) => Promise<void>)(ctx, options, ...args);
    } catch (error) {
      process.exitCode = await report(ctx, error);
    }
  });
  return examples(command, ...(spec.examples ?? []));
}

function option(spec: FlagSpec): Option {
  const built = new Option(spec.flag, spec.description);
  if (spec.default !== undefined) built.default(spec.default);
  if (spec.required) built.makeOptionMandatory(true);
  if (spec.parse) built.argParser(spec.parse as (value: string, previous: unknown) => unknown);
  return built;
}

async function report(ctx: Context, error: unknown): Promise<number> {
  const { reportError } = await import('../output/errors.js');
  return reportError(ctx, error);
}

/** Adds the "Examples:" block every command's --help ends with. */
export function examples(command: Command, ...lines: string[]): Command {
  if (lines.length === 0) return command;
  return command.addHelpText(
    'after',
    `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`,
  );
}

/** Repeatable `-q key=value` style options collect into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
