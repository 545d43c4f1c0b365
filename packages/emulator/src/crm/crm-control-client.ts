import type {
  AddCrmFieldInput,
  CrmFieldRecord,
  CrmOverview,
  CrmRecord,
  SeedCrmRecordsInput,
  SeedCrmRecordsResult,
  SetCrmLimitsInput,
  UpdateCrmFieldInput,
} from './crm-control-types.js';

/** EmulatorControl's request function: one fetch, throws on a non-2xx answer. */
type ControlCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** `emulator.control.crm`: the CRM control routes (/__emulator/crm...). */
export class CrmControl {
  readonly #call: ControlCall;

  constructor(call: ControlCall) {
    this.#call = call;
  }

  /** Modules with record counts, recent records, credits used in the last 24 h, concurrency. */
  overview(): Promise<CrmOverview> {
    return this.#call('GET', '/__emulator/crm');
  }

  /** Creates records directly (no token, no credits), e.g. 10,000 for a paging test. All or nothing. */
  seedRecords(input: SeedCrmRecordsInput): Promise<SeedCrmRecordsResult> {
    return this.#call('POST', '/__emulator/crm/records', input);
  }

  /** Every record of a module, as stored. */
  async records(module: string): Promise<CrmRecord[]> {
    const query = new URLSearchParams({ module });
    return (await this.#call<{ records: CrmRecord[] }>('GET', `/__emulator/crm/records?${query}`)).records;
  }

  /** Adds a custom field to a module. */
  addField(input: AddCrmFieldInput): Promise<CrmFieldRecord> {
    return this.#call('POST', '/__emulator/crm/fields', input);
  }

  /** Marks a field unique or mandatory (standard fields too, e.g. Leads' Email). */
  updateField(module: string, apiName: string, input: UpdateCrmFieldInput): Promise<CrmFieldRecord> {
    return this.#call(
      'PATCH',
      `/__emulator/crm/fields/${encodeURIComponent(module)}/${encodeURIComponent(apiName)}`,
      input,
    );
  }

  /** Changes the per-app concurrency limit or the 24-hour credits now; null restores the `crm` option. */
  setLimits(input: SetCrmLimitsInput): Promise<CrmOverview> {
    return this.#call('POST', '/__emulator/crm/limits', input);
  }

  /** Forgets the credits used so far. */
  resetCredits(): Promise<CrmOverview> {
    return this.#call('POST', '/__emulator/crm/credits/reset');
  }
}
