/**
 * The CLI's typed contract (vitest typecheck mode: these never run). It is a binary, not a library: what scripts
 * rely on are its exit codes and its own error, which carries one of them.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CliError } from '../../src/cli-error.js';
import { EXIT, type ExitCode } from '../../src/exit-codes.js';

describe('@zohokit/cli types', () => {
  it('exit codes are fixed literals', () => {
    expectTypeOf(EXIT).toEqualTypeOf<{
      readonly ok: 0;
      readonly api: 1;
      readonly usage: 2;
      readonly auth: 3;
      readonly rateLimited: 4;
      readonly interrupted: 130;
    }>();
    expectTypeOf<ExitCode>().toEqualTypeOf<0 | 1 | 2 | 3 | 4 | 130>();
  });

  it('a CliError always carries one of those exit codes, a code and an optional fix', () => {
    expectTypeOf<CliError>().toExtend<Error>();
    expectTypeOf<CliError['exitCode']>().toEqualTypeOf<ExitCode>();
    expectTypeOf<CliError['fix']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<{ code: 'x'; exitCode: 5 }>().not.toExtend<ConstructorParameters<typeof CliError>[1]>();
    expectTypeOf<{ code: 'x'; exitCode: 2 }>().toExtend<ConstructorParameters<typeof CliError>[1]>();
  });
});
