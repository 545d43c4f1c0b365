/**
 * Zoho's own CRM Node SDK (`@zohocrm/nodejs-sdk-8.0`) pointed at an emulator, for the CRM bench to measure
 * beside zohokit, set up by the same helper as the emulator's official-SDK test
 * (packages/emulator/test/support/official-crm-sdk.ts).
 */
import { initOfficialCrmSdk, ZOHOCRMSDK } from '../packages/emulator/test/support/official-crm-sdk.js';

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
  const { close } = await initOfficialCrmSdk(emulatorUrl, client, refreshToken);
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
    close,
  };
}
