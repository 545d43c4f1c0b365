/**
 * What every command receives: the global flags, where to write, and the secrets known so far. Output goes
 * through `out`/`err`, which mask every secret the context has learnt (client secret, refresh token, access
 * tokens) on top of zohokit's shape-based redaction, so no command can leak one by mistake.
 */

export interface GlobalOptions {
  profile?: string | undefined;
  json?: boolean | undefined;
  verbose?: boolean | undefined;
  /** `--timeout <seconds>`, as given (checked where the client is built). */
  timeout?: string | undefined;
}

/** What the run learnt about where it talks to, for hints that name the right profile and the right fix. */
export interface Session {
  /** The profile in use, once resolved. */
  profile?: string | undefined;
  /** The profile was chosen explicitly (flag or ZOHOKIT_PROFILE) or is not "default": hints must repeat it. */
  profileFlag?: string | undefined;
  /** The profile points at a local emulator rather than Zoho. */
  emulator?: boolean | undefined;
  /** The profile does not exist: the ones that do, and the one its name is closest to. */
  otherProfiles?: string[] | undefined;
  didYouMean?: string | undefined;
}

export interface Writer {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export interface Context {
  readonly globals: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Literal secrets to mask in every line written (values shorter than 6 characters are ignored). */
  readonly secrets: Set<string>;
  /** Whether prompts may be shown: stdin and stderr are terminals and --json is off. */
  readonly interactive: boolean;
  /** Filled in by `resolveProfile`; read by the error report. */
  readonly session: Session;
}

export function createContext(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Context {
  return {
    globals,
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    secrets: new Set(),
    session: {},
    // The cheap checks first: touching process.stdin builds its stream (~3 ms), which --json never needs.
    interactive: !globals.json && env.CI === undefined && Boolean(process.stderr.isTTY && process.stdin.isTTY),
  };
}

export function addSecret(ctx: Context, value: string | undefined): void {
  if (value && value.length >= 6) ctx.secrets.add(value);
}
