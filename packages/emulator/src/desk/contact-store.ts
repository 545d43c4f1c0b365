import type { EmulatorContext } from '../emulator-context.js';
import type { DeskFields } from './desk-fields.js';
import type { DeskContactRecord, DeskCustomFieldValues, DeskOrgRecord } from './desk-state.js';
import { deskTime, newDeskId } from './desk-state.js';

/**
 * Contact fields and their maximum lengths. `lastName` (80) is the one required field (zoho-api.md §2.2
 * Contacts); the docs give no other lengths, so the rest only guard against absurd input.
 */
const CONTACT_TEXT = {
  firstName: 255,
  lastName: 80,
  phone: 120,
  mobile: 120,
  description: 65_535,
  title: 255,
  type: 255,
  street: 255,
  city: 255,
  state: 255,
  country: 255,
  zip: 255,
} as const;

type ContactText = keyof typeof CONTACT_TEXT;

export const CONTACT_FIELDS = [...Object.keys(CONTACT_TEXT), 'email', 'secondaryEmail', 'accountId', 'cf'];

export type ContactInput = Partial<Record<ContactText | 'email' | 'secondaryEmail' | 'accountId', string | null>> & {
  cf?: DeskCustomFieldValues;
};

/** The org's contact with this email, compared case-insensitively like an address. */
export function findContactByEmail(ctx: EmulatorContext, orgId: string, email: string): DeskContactRecord | undefined {
  const wanted = email.toLowerCase();
  return Object.values(ctx.state.desk.contacts).find((c) => c.orgId === orgId && c.email?.toLowerCase() === wanted);
}

/** `POST /contacts` body. Accounts are not emulated, so `accountId` is only checked to be an id. */
export function readContactInput(ctx: EmulatorContext, org: DeskOrgRecord, f: DeskFields): ContactInput {
  f.onlyKnown(CONTACT_FIELDS);
  const input: ContactInput = {};
  for (const [key, max] of Object.entries(CONTACT_TEXT) as [ContactText, number][]) {
    const value = f.text(key, max, key === 'lastName');
    if (value !== undefined) input[key] = value;
  }
  const email = f.email('email');
  // A second contact with the same email would make the ticket-create email match ambiguous (§2.2).
  if (email && findContactByEmail(ctx, org.id, email)) f.duplicate('email', `A contact with email '${email}' exists.`);
  if (email !== undefined) input.email = email;
  const secondaryEmail = f.email('secondaryEmail');
  if (secondaryEmail !== undefined) input.secondaryEmail = secondaryEmail;
  const accountId = f.id('accountId');
  if (accountId !== undefined) input.accountId = accountId;
  const cf = f.customFields();
  if (cf !== undefined) input.cf = cf;
  return input;
}

export function createContact(
  ctx: EmulatorContext,
  org: DeskOrgRecord,
  input: ContactInput & { lastName: string },
): DeskContactRecord {
  const now = deskTime(ctx.now());
  const contact: DeskContactRecord = {
    id: newDeskId(ctx.state.desk),
    orgId: org.id,
    firstName: input.firstName ?? null,
    lastName: input.lastName,
    email: input.email ?? null,
    secondaryEmail: input.secondaryEmail ?? null,
    phone: input.phone ?? null,
    mobile: input.mobile ?? null,
    accountId: input.accountId ?? null,
    description: input.description ?? null,
    title: input.title ?? null,
    type: input.type ?? null,
    street: input.street ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    country: input.country ?? null,
    zip: input.zip ?? null,
    createdTime: now,
    modifiedTime: now,
    cf: { ...input.cf },
  };
  ctx.state.desk.contacts[contact.id] = contact;
  return contact;
}
