/**
 * One typed definition per command (define/action.ts): the flag table builds commander and types the handler,
 * so a renamed flag is a compile error in the handler, not a silent `undefined` at run time.
 */
import { Command } from 'commander';
import { describe, expectTypeOf, it } from 'vitest';
import type * as desk from '../../src/commands/desk.js';
import type { Handler, InferArgs, InferFlags } from '../../src/define/action.js';
import { collect, defineCommand } from '../../src/define/action.js';
import type { IMPORT_FLAGS } from '../../src/define/campaigns.js';
import type { DESK_FLAGS, TICKETS_CREATE_FLAGS, TICKETS_LIST_FLAGS } from '../../src/define/desk.js';
import type { START_FLAGS } from '../../src/define/tools.js';

describe('defineCommand', () => {
  it('infers each flag: <value> → string, a default or required → always set, --no-x → boolean, parse → its result', () => {
    const flags = {
      orgId: { flag: '--org-id <id>', description: 'org' },
      limit: { flag: '--limit <n>', description: 'n', default: '50' },
      listKey: { flag: '--list-key <key>', description: 'k', required: true },
      header: { flag: '--no-header', description: 'h' },
      restart: { flag: '--restart', description: 'r' },
      cf: { flag: '--cf <k=v>', description: 'c', parse: collect },
      saveProfile: { flag: '--save-profile [name]', description: 's' },
    } as const;
    expectTypeOf<InferFlags<typeof flags>>().toEqualTypeOf<{
      limit: string;
      listKey: string;
      header: boolean;
      orgId?: string | undefined;
      restart?: boolean | undefined;
      cf?: string[] | undefined;
      saveProfile?: string | true | undefined;
    }>();
    expectTypeOf<
      InferArgs<readonly [{ name: '<id>'; description: '' }, { name: '[rest]'; description: '' }]>
    >().toEqualTypeOf<[string, string | undefined]>();
  });

  it('a handler that reads a flag its definition does not have does not compile', () => {
    const program = new Command();
    defineCommand(program, {
      name: 'x',
      description: 'x',
      flags: { orgId: { flag: '--org-id <id>', description: 'org' } },
      load: async () => async (_ctx, options) => {
        expectTypeOf(options.orgId).toEqualTypeOf<string | undefined>();
        // @ts-expect-error the flag is orgId, not orgID
        void options.orgID;
      },
    });
    // A handler written for other flags is refused where the command is defined.
    const forOtherFlags: Handler<{
      readonly orgID: { readonly flag: '--org-id <id>'; readonly description: '' };
    }> = async () => undefined;
    defineCommand(program, {
      name: 'y',
      description: 'y',
      // @ts-expect-error forOtherFlags needs an orgID flag this command does not declare (reported on the flags)
      flags: { limit: { flag: '--limit <n>', description: 'n', default: '1' } },
      load: async () => forOtherFlags,
    });
  });

  it('the real commands are typed from their definitions', () => {
    expectTypeOf<InferFlags<typeof TICKETS_LIST_FLAGS>>().toHaveProperty('sortBy').toEqualTypeOf<string>();
    expectTypeOf<InferFlags<typeof TICKETS_CREATE_FLAGS>>().toHaveProperty('idempotencyKey');
    // @ts-expect-error there is no --idempotency flag, only --idempotency-key
    expectTypeOf<InferFlags<typeof TICKETS_CREATE_FLAGS>>().toHaveProperty('idempotency');
    expectTypeOf<InferFlags<typeof DESK_FLAGS>>().toEqualTypeOf<{ orgId?: string | undefined }>();
    expectTypeOf<InferFlags<typeof IMPORT_FLAGS>['header']>().toEqualTypeOf<boolean>();
    expectTypeOf<InferFlags<typeof START_FLAGS>['port']>().toEqualTypeOf<string>();
    // The handler's options are exactly what its definition yields (plus the group's and the global flags).
    expectTypeOf<Parameters<typeof desk.listTickets>[1]>().toHaveProperty('orgId');
    expectTypeOf<Parameters<typeof desk.listTickets>[1]>().toHaveProperty('json');
    // @ts-expect-error listTickets has no --include flag (tickets get has)
    expectTypeOf<Parameters<typeof desk.listTickets>[1]>().toHaveProperty('include');
  });
});
