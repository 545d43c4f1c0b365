/**
 * Every answer the intake gives besides success: one JSON shape, `{ error: { code, message, fix?, fields? } }`,
 * so a form's script can show `fields` next to its inputs and a server can branch on `code`. And the public
 * view of a delivery, which never holds its input (the customer's message) and holds the result only for a
 * secret key.
 */

import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Delivery } from '../delivery.js';
import type { FieldProblem } from './intake-requests.js';

export type IntakeErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'missing_key'
  | 'unknown_key'
  | 'wrong_key_kind'
  | 'origin_not_allowed'
  | 'cross_origin_refused'
  | 'host_not_allowed'
  | 'not_found'
  | 'idempotency_conflict'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'queue_unavailable'
  | 'internal_error';

export interface IntakeErrorBody {
  error: { code: IntakeErrorCode; message: string; fix?: string; fields?: FieldProblem[] };
}

/** The code each refusal was answered with, for the request log (a header would tell the client twice). */
const CODES = new WeakMap<Response, IntakeErrorCode>();

export const errorCodeOf = (response: Response): IntakeErrorCode | undefined => CODES.get(response);

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: IntakeErrorCode,
  message: string,
  extra: { fix?: string; fields?: FieldProblem[] } = {},
): Response {
  const body: IntakeErrorBody = { error: { code, message, ...extra } };
  const response = c.json(body, status);
  CODES.set(response, code);
  return response;
}

export function fieldProblems(
  c: Context,
  fields: FieldProblem[],
  fix = 'Nothing was stored; correct the fields named and send the request again',
): Response {
  const named = fields.map((f) => `"${f.field}" ${f.problem}`).join('; ');
  return problem(c, 400, 'invalid_request', `The request was refused: ${named}`, { fields, fix });
}

/** The request's body as a JSON object, or the answer refusing it: 415 unless JSON, 400 unless an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown> | Response> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return problem(c, 415, 'unsupported_media_type', `The body must be application/json, not ${type || 'untyped'}`, {
      fix: 'Send JSON with "Content-Type: application/json"',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    return problem(c, 400, 'invalid_json', 'The body is not valid JSON', { fix: 'Send a JSON object' });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fieldProblems(c, [{ field: '(body)', problem: 'must be a JSON object' }]);
  }
  return { ...(raw as Record<string, unknown>) };
}

/** What `GET /v1/deliveries/:id` answers. Times are ISO-8601. */
export interface DeliveryView {
  id: string;
  operation: Delivery['operation'];
  state: Delivery['state'];
  attempts: number;
  createdAt: string;
  deliveredAt: string | null;
  lastError: { code: string | null; summary: string; fix: string | null } | null;
  /** What Zoho answered (the ticket, the subscription): secret keys only. */
  result?: unknown;
}

export function deliveryView(delivery: Delivery, withResult: boolean): DeliveryView {
  const error = delivery.lastError;
  const view: DeliveryView = {
    id: delivery.id,
    operation: delivery.operation,
    state: delivery.state,
    attempts: delivery.attempts,
    createdAt: new Date(delivery.createdAt).toISOString(),
    deliveredAt: delivery.deliveredAt === undefined ? null : new Date(delivery.deliveredAt).toISOString(),
    lastError: error ? { code: error.code ?? null, summary: error.summary, fix: error.fix ?? null } : null,
  };
  if (withResult) view.result = delivery.result ?? null;
  return view;
}
