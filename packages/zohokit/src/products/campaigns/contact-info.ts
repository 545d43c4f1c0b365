/**
 * Campaigns' `contactinfo`: a JSON *string* keyed by the fields' display names (zoho-api.md §3.3:
 * `{"Contact Email":"…","First Name":"…"}`), not by API names.
 */

import type { InputCheck } from '../validate.js';

export const CONTACT_EMAIL = 'Contact Email';
const FIRST_NAME = 'First Name';
const LAST_NAME = 'Last Name';

export interface ContactFields {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  fields?: Record<string, string> | undefined;
}

export function contactInfo(check: InputCheck, contact: ContactFields): string {
  const info: Record<string, string> = {};
  if (contact.fields !== undefined) {
    for (const [name, value] of Object.entries(check.object(contact.fields, 'fields'))) {
      if ([CONTACT_EMAIL, FIRST_NAME, LAST_NAME].includes(name)) {
        throw check.fail(`fields.${name}`, 'is set by email/firstName/lastName: pass it there');
      }
      if (typeof value !== 'string') throw check.fail(`fields.${name}`, 'must be a string');
      info[name] = value;
    }
  }
  info[CONTACT_EMAIL] = check.email(contact.email, 'email');
  if (contact.firstName !== undefined) info[FIRST_NAME] = check.string(contact.firstName, 'firstName');
  if (contact.lastName !== undefined) info[LAST_NAME] = check.string(contact.lastName, 'lastName');
  return JSON.stringify(info);
}
