/**
 * Zoho's own CRM Node SDK (`@zohocrm/nodejs-sdk-8.0`) pointed at an emulator: its Environment class (API URL,
 * token URL), the refresh-token flow, its documented FileStore, logging off, and every file it writes (token
 * store, log, field cache under `resources/`) in a temp dir that `close` removes. Used by the emulator's
 * official-SDK test and by the CRM bench (bench/official-crm-sdk.ts), so both drive the same set-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ZOHOCRMSDK from '@zohocrm/nodejs-sdk-8.0';

export { ZOHOCRMSDK };

/** Initialises the SDK (one per process: the last initialize wins) against `emulatorUrl`. */
export async function initOfficialCrmSdk(
  emulatorUrl: string,
  client: { clientId: string; clientSecret: string },
  refreshToken: string,
): Promise<{ dir: string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'zk-official-crm-sdk-'));
  const close = () => rmSync(dir, { recursive: true, force: true });
  try {
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
    close();
    throw error;
  }
  return { dir, close };
}
