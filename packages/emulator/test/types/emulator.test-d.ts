/** The emulator's public types, as a user's editor sees them (vitest typecheck mode: these never run). */
import {
  CAMPAIGNS_SEED_LISTS,
  type CreatedClient,
  type DataCenter,
  EmulatorControl,
  type EmulatorHandle,
  type EmulatorOptions,
  type FaultQueueSummary,
  type MintedGrantCode,
  startEmulator,
} from '@zohokit/emulator';
import { describe, expectTypeOf, it } from 'vitest';

describe('@zohokit/emulator types', () => {
  it('startEmulator takes optional options and resolves to a handle', () => {
    expectTypeOf(startEmulator).parameter(0).toEqualTypeOf<EmulatorOptions | undefined>();
    expectTypeOf(startEmulator).returns.resolves.toEqualTypeOf<EmulatorHandle>();
    expectTypeOf<EmulatorHandle['url']>().toEqualTypeOf<string>();
    expectTypeOf<EmulatorHandle['control']>().toEqualTypeOf<EmulatorControl>();
    expectTypeOf<EmulatorHandle['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<EmulatorHandle['endpoints']>().toHaveProperty('accounts').toEqualTypeOf<string>();
  });

  it('options are checked: a data centre is one of Zoho’s, a port a number', () => {
    expectTypeOf<'eu'>().toExtend<DataCenter>();
    expectTypeOf<'mars'>().not.toExtend<DataCenter>();
    expectTypeOf<{ port: '8080' }>().not.toExtend<EmulatorOptions>();
    expectTypeOf<{ port: 0; dc: 'us'; tokenTtlSec: 5 }>().toExtend<EmulatorOptions>();
  });

  it('the control client is constructible from a URL and its calls are typed', () => {
    expectTypeOf(EmulatorControl).constructorParameters.toEqualTypeOf<[baseUrl: string]>();
    expectTypeOf<EmulatorControl['createClient']>().returns.resolves.toEqualTypeOf<CreatedClient>();
    expectTypeOf<EmulatorControl['mintGrantCode']>().returns.resolves.toEqualTypeOf<MintedGrantCode>();
    expectTypeOf<EmulatorControl['expireTokens']>().returns.resolves.toEqualTypeOf<{ expired: number }>();
    expectTypeOf<EmulatorControl['queueFaults']>().returns.resolves.toEqualTypeOf<FaultQueueSummary>();
    expectTypeOf<CreatedClient>().toHaveProperty('clientSecret').toEqualTypeOf<string>();
  });

  it('seed list keys are literal types', () => {
    expectTypeOf(CAMPAIGNS_SEED_LISTS.immediate.doubleOptIn).toEqualTypeOf<false>();
    expectTypeOf(CAMPAIGNS_SEED_LISTS.doubleOptIn.doubleOptIn).toEqualTypeOf<true>();
  });
});
