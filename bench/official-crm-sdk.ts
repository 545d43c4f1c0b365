/**
 * Zoho's own CRM Node SDK (`@zohocrm/nodejs-sdk-8.0`) pointed at an emulator, for the CRM bench to measure
 * beside zohokit: set up as packages/emulator/test/crm/official-sdk.emulator.test.ts does (its Environment
 * class, refresh-token flow, its documented FileStore), with its logging off and every file it writes (token
 * store, log, field cache under `resources/`) in a temp dir that `close` removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ZOHOCRMSDK from '@zohocrm/nodejs-sdk-8.0';

export interface OfficialCrmSdk {
  /** `RecordOperations(module).getRecord(id)`; rejects unless the SDK parsed a record with that id. */
  getRecord(id: string): Promise<void>;
  close(): void;
}

export async function officialCrmSdk(
  emulatorUrl: string,
  client: { clientId: string; clientSecret: string },
  refreshToken: string,
  module: string,
): Promise<OfficialCrmSdk> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-bench-official-sdk-'));
  try {
    // The SDK's Initializer is one per process: the last initialize wins, which is this one.
    const environment = new ZOHOCRMSDK.Environment(emulatorUrl, `${emulatorUrl}/oauth/v2/token`, emulatorUrl);
    const token = new ZOHOCRMSDK.OAuthBuilder()
      .clientId(client.clientId)
      .clientSecret(client.clientSecret)
      .refreshToken(refreshToken)
      .findUser(false)
      .build();
    const logger = new ZOHOCRMSDK.LogBuilder().level(ZOHOCRMSDK.Levels.OFF).filePath(join(dir, 'sdk.log')).build();
    const config = new ZOHOCRMSDK.SDKConfigBuilder().pickListValidation(false).autoRefreshFields(false).build();
    await (await new ZOHOCRMSDK.InitializeBuilder())
      .environment(environment)
      .token(token)
      .store(new ZOHOCRMSDK.FileStore(join(dir, 'sdk_tokens.txt')))
      .SDKConfig(config)
      .resourcePath(dir)
      .logger(logger)
      .initialize();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const operations = new ZOHOCRMSDK.Record.RecordOperations(module);
  return {
    async getRecord(id) {
      const response = await operations.getRecord(
        BigInt(id),
        new ZOHOCRMSDK.ParameterMap(),
        new ZOHOCRMSDK.HeaderMap(),
      );
      const wrapper = response.getObject();
      if (response.getStatusCode() !== 200 || !(wrapper instanceof ZOHOCRMSDK.Record.ResponseWrapper)) {
        throw new Error(`official SDK getRecord got ${response.getStatusCode()} ${wrapper?.constructor?.name}`);
      }
      const record = wrapper.getData()[0];
      if (String(record?.getId()) !== id) throw new Error(`official SDK getRecord read ${record?.getId()}, not ${id}`);
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
