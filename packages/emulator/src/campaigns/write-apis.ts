import { lookup } from '../state.js';
import type { CampaignsApiSpec, CampaignsCall } from './campaigns-api.js';
import { findList, param } from './campaigns-api.js';
import type { CampaignsBody } from './campaigns-envelope.js';
import { CampaignsErrors, campaignsSuccess } from './campaigns-envelope.js';
import type { CampaignsContactRecord, CampaignsListRecord } from './campaigns-state.js';
import { nextCampaignsSeq } from './campaigns-state.js';
import { isValidEmail, parseContactInfo } from './contact-info.js';

/** docs/zoho-behaviour.md (Campaigns); the double opt-in text is Zoho's own (zoho-api.md §3.3, §6 item 14). */
export const CAMPAIGNS_MESSAGES = {
  confirmationSent: 'A confirmation email is sent to the user. User needs to confirm to successfully subscribe.',
  subscribed: 'User successfully subscribed.',
  unsubscribed: 'User successfully unsubscribed.',
  bulkAdded: 'Contacts added successfully.',
} as const;

/** addlistsubscribersinbulk takes "a maximum of ten (10) EMAILID's" (zoho-api.md §3.3). */
export const BULK_MAX_EMAILS = 10;

type ContactRead = { ok: true; email: string; fields: Record<string, string> } | { ok: false; body: CampaignsBody };

function readContact(call: CampaignsCall): ContactRead {
  const info = parseContactInfo(param(call.params, 'contactinfo') ?? '');
  if (!info.ok) return { ok: false, body: CampaignsErrors.badContactInfo(call.uri, info.reason) };
  // A contactinfo without `Contact Email` is treated like an empty address: 2004 (docs/zoho-behaviour.md).
  if (info.email === undefined || !isValidEmail(info.email)) {
    return { ok: false, body: CampaignsErrors.invalidEmail(call.uri, info.email ?? '') };
  }
  return { ok: true, email: info.email.toLowerCase(), fields: info.fields };
}

function newContact(call: CampaignsCall, email: string, status: CampaignsContactRecord['status']) {
  const contact: CampaignsContactRecord = {
    email,
    fields: {},
    status,
    source: null,
    addedAt: call.now,
    updatedAt: call.now,
    seq: nextCampaignsSeq(call.ctx.state.campaigns),
  };
  return contact;
}

/**
 * `POST /api/v1.1/json/listsubscribe` (§3.3). A double opt-in list leaves a new (or unsubscribed) contact
 * pending until the confirmation is clicked (here: `POST /__emulator/campaigns/confirm`); an immediate list adds
 * it at once. Re-subscribing updates the contact's fields (§3.3 "Also used to update field info"); an active
 * contact stays active and is not asked to confirm again.
 */
export const listSubscribe: CampaignsApiSpec = {
  api: 'listsubscribe',
  path: 'json/listsubscribe',
  methods: ['POST'],
  operation: 'UPDATE',
  required: ['listkey', 'contactinfo'],
  optional: ['source', 'topic_id'],
  handle(call) {
    const list = findList(call);
    if (!list) return CampaignsErrors.badListKey(call.uri, '2501');
    const read = readContact(call);
    if (!read.ok) return read.body;
    const target = list.doubleOptIn ? 'pending' : 'active';
    const contact = lookup(list.contacts, read.email) ?? newContact(call, read.email, target);
    list.contacts[read.email] = contact;
    Object.assign(contact.fields, read.fields);
    contact.source = param(call.params, 'source') ?? contact.source;
    contact.updatedAt = call.now;
    if (contact.status !== 'active') contact.status = target;
    const message = contact.status === 'pending' ? CAMPAIGNS_MESSAGES.confirmationSent : CAMPAIGNS_MESSAGES.subscribed;
    return campaignsSuccess(call.uri, message);
  },
};

/**
 * `POST /api/v1.1/json/listunsubscribe` (§3.3): the contact moves to `unsub`, whatever its status (a pending
 * contact too). Unsubscribing again succeeds again. An address not in the list is 2103 "Contact does not exist."
 */
export const listUnsubscribe: CampaignsApiSpec = {
  api: 'listunsubscribe',
  path: 'json/listunsubscribe',
  methods: ['POST'],
  operation: 'UPDATE',
  required: ['listkey', 'contactinfo'],
  optional: ['topic_id'],
  handle(call) {
    const list = findList(call);
    if (!list) return CampaignsErrors.badListKey(call.uri, '2102');
    const read = readContact(call);
    if (!read.ok) return read.body;
    const contact = lookup(list.contacts, read.email);
    if (!contact) return CampaignsErrors.noSuchContact(call.uri);
    contact.status = 'unsub';
    contact.updatedAt = call.now;
    return campaignsSuccess(call.uri, CAMPAIGNS_MESSAGES.unsubscribed);
  },
};

/**
 * `POST /api/v1.1/addlistsubscribersinbulk` (§3.3): up to 10 comma-separated addresses (more → 6502), all or
 * nothing (one invalid address → 2004 and none is added). It is the account owner's import, not a signup, so
 * new contacts are active at once even on a double opt-in list; existing contacts keep their status (an import
 * never overrides an unsubscribe or a pending confirmation).
 */
export const addListSubscribersInBulk: CampaignsApiSpec = {
  api: 'addlistsubscribersinbulk',
  path: 'addlistsubscribersinbulk',
  methods: ['POST'],
  operation: 'CREATE',
  required: ['listkey', 'emailids'],
  optional: [],
  handle(call) {
    const list: CampaignsListRecord | undefined = findList(call);
    if (!list) return CampaignsErrors.badListKey(call.uri, '2501');
    const given = (param(call.params, 'emailids') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    if (given.length === 0) return CampaignsErrors.missingParam(call.uri, 'emailids');
    if (given.length > BULK_MAX_EMAILS) {
      return CampaignsErrors.overMaximum(call.uri, `emailids takes at most ${BULK_MAX_EMAILS} addresses.`);
    }
    const invalid = given.find((email) => !isValidEmail(email));
    if (invalid !== undefined) return CampaignsErrors.invalidEmail(call.uri, invalid);
    for (const email of given.map((e) => e.toLowerCase())) {
      if (!lookup(list.contacts, email)) list.contacts[email] = newContact(call, email, 'active');
    }
    return campaignsSuccess(call.uri, CAMPAIGNS_MESSAGES.bulkAdded, { listkey: list.listKey, listname: list.name });
  },
};
