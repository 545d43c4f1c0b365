/**
 * CRM metadata: users, the org, modules and a module's fields. They change rarely and every call costs credits,
 * so each answer is kept per client (per `CrmClient` instance, never module-level) until `clearCache()`; a
 * failed call is not kept, so the next one asks again.
 */

import type { CrmApi, CrmSpec } from './crm-api.js';
import type { CrmField, CrmModule, CrmOrg, CrmUser } from './types.js';

export class CrmMetadata {
  readonly #api: CrmApi;
  readonly #cache = new Map<string, Promise<unknown>>();

  constructor(api: CrmApi) {
    this.#api = api;
  }

  users(type: string): Promise<CrmUser[]> {
    return this.#cached(`users:${type}`, { path: '/users', query: { type }, scope: 'ZohoCRM.users.READ' }, 'users');
  }

  async org(): Promise<CrmOrg> {
    const list = await this.#cached<CrmOrg>('org', { path: '/org', scope: 'ZohoCRM.org.READ' }, 'org');
    return list[0] as CrmOrg;
  }

  modules(): Promise<CrmModule[]> {
    return this.#cached('modules', { path: '/settings/modules', scope: 'ZohoCRM.settings.modules.READ' }, 'modules');
  }

  fields(module: string): Promise<CrmField[]> {
    const spec = { path: '/settings/fields', query: { module }, scope: 'ZohoCRM.settings.fields.READ' };
    return this.#cached(`fields:${module.toLowerCase()}`, spec, 'fields');
  }

  clear(): void {
    this.#cache.clear();
  }

  #cached<T>(key: string, spec: CrmSpec, property: string): Promise<T[]> {
    let entry = this.#cache.get(key) as Promise<T[]> | undefined;
    if (!entry) {
      entry = this.#api.call<Record<string, T[]> | undefined>(spec).then((body) => body?.[property] ?? []);
      this.#cache.set(key, entry);
      entry.catch(() => this.#cache.delete(key));
    }
    return entry;
  }
}
