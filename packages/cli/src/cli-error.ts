import type { ExitCode } from './exit-codes.js';

/**
 * An error raised by the CLI itself (bad flag, missing profile, refused login), as opposed to a `ZohoError`
 * raised by the SDK. It carries its exit code and a fix, and never a secret: messages are built from names.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;
  readonly fix: string | undefined;
  readonly exitCode: ExitCode;

  constructor(message: string, options: { code: string; exitCode: ExitCode; fix?: string | undefined }) {
    super(message);
    this.code = options.code;
    this.fix = options.fix;
    this.exitCode = options.exitCode;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, fix: this.fix };
  }
}
