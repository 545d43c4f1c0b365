/** Subscribing and unsubscribing one contact (`json/listsubscribe`, `json/listunsubscribe`, zoho-api.md §3.3). */

import type { InputCheck } from '../validate.js';
import type { CampaignsApi } from './campaigns-api.js';
import { CONTACT_EMAIL, contactInfo } from './contact-info.js';
import type {
  CampaignsEnvelope,
  SubscribeInput,
  SubscribeResult,
  UnsubscribeInput,
  UnsubscribeResult,
} from './types.js';

/** The `json/listsubscribe` form for an input, or a `ZohoValidationError` naming the field. */
export function subscribeForm(check: InputCheck, input: SubscribeInput): Record<string, string | undefined> {
  const o = check.object(input);
  check.known(o, ['listKey', 'email', 'firstName', 'lastName', 'fields', 'source', 'topicId']);
  return {
    listkey: check.id(o.listKey, 'listKey'),
    contactinfo: contactInfo(check, input),
    source: check.optionalString(o.source, 'source'),
    topic_id: o.topicId === undefined ? undefined : check.id(o.topicId, 'topicId'),
  };
}

/** The `json/listunsubscribe` form for an input, or a `ZohoValidationError` naming the field. */
export function unsubscribeForm(check: InputCheck, input: UnsubscribeInput): Record<string, string | undefined> {
  const o = check.object(input);
  check.known(o, ['listKey', 'email', 'topicId']);
  return {
    listkey: check.id(o.listKey, 'listKey'),
    contactinfo: JSON.stringify({ [CONTACT_EMAIL]: check.email(o.email, 'email') }),
    topic_id: o.topicId === undefined ? undefined : check.id(o.topicId, 'topicId'),
  };
}

export async function subscribe(api: CampaignsApi, check: InputCheck, input: SubscribeInput): Promise<SubscribeResult> {
  const body = await api.write('json/listsubscribe', subscribeForm(check, input));
  const message = body.message ?? '';
  // Zoho says which it was only in words: a double opt-in list answers "A confirmation email is sent to the
  // user. User needs to confirm to successfully subscribe." (docs/zoho-behaviour.md).
  return { status: /confirm/i.test(message) ? 'pending_confirmation' : 'subscribed', message };
}

export async function unsubscribe(
  api: CampaignsApi,
  check: InputCheck,
  input: UnsubscribeInput,
): Promise<UnsubscribeResult> {
  const body: CampaignsEnvelope = await api.write('json/listunsubscribe', unsubscribeForm(check, input));
  return { message: body.message ?? '' };
}
