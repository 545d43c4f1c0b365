import type { EmulatorHandle } from '@zohokit/emulator';
import { startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initOfficialCrmSdk, ZOHOCRMSDK } from '../support/official-crm-sdk.js';

/*
 * A client we did not write: Zoho's own CRM Node SDK (@zohocrm/nodejs-sdk-8.0), pointed at the emulator with its
 * Environment class (API URL, token URL), refresh-token flow, tokens in a FileStore in a temp dir. It inserts a
 * Lead, reads it back and finds it by search, parsing the emulator's answers with its own models.
 */

let emu: EmulatorHandle;
let closeSdk = () => {};

beforeAll(async () => {
  emu = await startEmulator();
  const client = await emu.control.createClient({ type: 'self' });
  const { refreshToken } = await emu.control.issueRefreshToken({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: 'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL',
  });
  ({ close: closeSdk } = await initOfficialCrmSdk(emu.url, client, refreshToken));
}, 30_000);

afterAll(async () => {
  await emu.close();
  closeSdk();
});

/** The SDK's API exceptions as plain text, so a failed expectation says what the emulator answered. */
// biome-ignore lint/suspicious/noExplicitAny: the SDK is untyped
function describeObject(object: any): string {
  if (object instanceof ZOHOCRMSDK.Record.APIException) {
    return `APIException ${object.getCode().getValue()}: ${object.getMessage().getValue()}`;
  }
  return String(object?.constructor?.name);
}

it('inserts a Lead, gets it by id and finds it by search', async () => {
  const operations = new ZOHOCRMSDK.Record.RecordOperations('Leads');
  const body = new ZOHOCRMSDK.Record.BodyWrapper();
  const record = new ZOHOCRMSDK.Record.Record();
  record.addFieldValue(ZOHOCRMSDK.Record.Field.Leads.LAST_NAME, 'Official');
  record.addFieldValue(ZOHOCRMSDK.Record.Field.Leads.FIRST_NAME, 'Node SDK');
  record.addFieldValue(ZOHOCRMSDK.Record.Field.Leads.EMAIL, 'official@zylker.com');
  body.setData([record]);

  const created = await operations.createRecords(body, new ZOHOCRMSDK.HeaderMap());
  expect(created.getStatusCode()).toBe(201);
  const wrapper = created.getObject();
  expect(wrapper, describeObject(wrapper)).toBeInstanceOf(ZOHOCRMSDK.Record.ActionWrapper);
  const [action] = wrapper.getData();
  expect(action, describeObject(action)).toBeInstanceOf(ZOHOCRMSDK.Record.SuccessResponse);
  expect(action.getCode().getValue()).toBe('SUCCESS');
  const id = action.getDetails().get('id');
  expect(String(id)).toMatch(/^\d{19}$/);

  const params = new ZOHOCRMSDK.ParameterMap();
  await params.add(ZOHOCRMSDK.Record.GetRecordParam.FIELDS, 'Last_Name,First_Name,Email');
  const got = await operations.getRecord(BigInt(id), params, new ZOHOCRMSDK.HeaderMap());
  expect(got.getStatusCode()).toBe(200);
  const gotWrapper = got.getObject();
  expect(gotWrapper, describeObject(gotWrapper)).toBeInstanceOf(ZOHOCRMSDK.Record.ResponseWrapper);
  const [read] = gotWrapper.getData();
  expect(String(read.getId())).toBe(String(id));
  expect(read.getKeyValue('Last_Name')).toBe('Official');
  expect(read.getKeyValue('Email')).toBe('official@zylker.com');

  const search = new ZOHOCRMSDK.ParameterMap();
  await search.add(
    ZOHOCRMSDK.Record.SearchRecordsParam.CRITERIA,
    '((Last_Name:equals:Official)and(Email:starts_with:official))',
  );
  const found = await operations.searchRecords(search, new ZOHOCRMSDK.HeaderMap());
  expect(found.getStatusCode()).toBe(200);
  const foundWrapper = found.getObject();
  expect(foundWrapper, describeObject(foundWrapper)).toBeInstanceOf(ZOHOCRMSDK.Record.ResponseWrapper);
  expect(foundWrapper.getData().map((r: { getId(): unknown }) => String(r.getId()))).toEqual([String(id)]);
  expect(foundWrapper.getInfo().getMoreRecords()).toBe(false);

  // The SDK went through the emulator's token endpoint and CRM routes, nothing else.
  const paths = (await emu.control.requests()).map((r) => `${r.method} ${r.path}`);
  expect(paths).toContain('POST /oauth/v2/token');
  expect(paths).toContain('POST /crm/v8/Leads');
  expect(paths).toContain(`GET /crm/v8/Leads/${id}`);
  expect(paths).toContain('GET /crm/v8/Leads/search');
}, 30_000);
