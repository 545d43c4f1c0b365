/**
 * Type tests for the SDK's public surface: checked by `tsc` (npm run typecheck) as well as run. A change that
 * breaks a caller's narrowing, a return shape or an option's type fails here first.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AccessToken,
  type AnyZohoError,
  type CreateTicketInput,
  createZohoError,
  type DeskTicket,
  isZohoError,
  type Paginated,
  type RequestSpec,
  type SubscribeResult,
  Zoho,
  ZohoConnectionError,
  ZohoError,
  type ZohoEvent,
  type ZohoOutcome,
  ZohoRateLimitError,
} from 'zohokit';
import { createNodeTransport, FileTokenStore } from 'zohokit/node';

describe('public API types', () => {
  it('narrows errors on kind without casts', () => {
    const error: unknown = createZohoError('rate_limit', { message: 'slow', retryAfterMs: 1_000 });
    if (!isZohoError(error)) throw new Error('not a ZohoError');
    expectTypeOf(error).toEqualTypeOf<AnyZohoError>();
    let waited: number | undefined;
    switch (error.kind) {
      case 'rate_limit':
        expectTypeOf(error).toEqualTypeOf<ZohoRateLimitError>();
        waited = error.retryAfterMs;
        break;
      case 'connection':
        expectTypeOf(error).toEqualTypeOf<ZohoConnectionError>();
        expectTypeOf(error.kind).toEqualTypeOf<'connection'>();
        break;
    }
    expect(waited).toBe(1_000);
    expectTypeOf(error.outcome).toEqualTypeOf<ZohoOutcome>();
    expectTypeOf(error.summary).toEqualTypeOf<string>();
    expectTypeOf(error.fix).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.callId).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
  });

  it('builds the class its kind names', () => {
    expectTypeOf(createZohoError('connection', { message: 'x' })).toEqualTypeOf<ZohoConnectionError>();
    expect(createZohoError('connection', { message: 'x' })).toBeInstanceOf(ZohoConnectionError);
    expect(createZohoError('connection', { message: 'x' })).toBeInstanceOf(ZohoError);
    expect(createZohoError('connection', { message: 'x' })).not.toBeInstanceOf(ZohoRateLimitError);
  });

  it('types the client: tokens, requests, Desk and Campaigns results, events', () => {
    const zoho = new Zoho({ clientId: '1000.X', clientSecret: 's', refreshToken: 'r', fetch: createNodeTransport() });
    expectTypeOf(zoho.tokens.get).returns.toEqualTypeOf<Promise<AccessToken>>();
    expectTypeOf<AccessToken>().toHaveProperty('expiresAt').toEqualTypeOf<number>();
    expectTypeOf(zoho.request<{ id: string }>)
      .parameter(0)
      .toEqualTypeOf<RequestSpec>();
    expectTypeOf(zoho.request<{ id: string }>).returns.resolves.toEqualTypeOf<{ id: string }>();
    expectTypeOf(zoho.desk.tickets.create).parameter(0).toEqualTypeOf<CreateTicketInput>();
    expectTypeOf(zoho.desk.tickets.create).returns.resolves.toEqualTypeOf<DeskTicket>();
    expectTypeOf(zoho.desk.tickets.list()).toEqualTypeOf<Paginated<DeskTicket>>();
    expectTypeOf(zoho.campaigns.subscribe).returns.resolves.toEqualTypeOf<SubscribeResult>();
    expectTypeOf<Extract<ZohoEvent, { type: 'request' }>>().toHaveProperty('callId').toEqualTypeOf<string>();
    // Never called (it would reach the network): only compiled.
    const _unknownProduct = () =>
      // @ts-expect-error an unknown product is refused at compile time
      zoho.request({ product: 'books', path: '/x' });
    expect(zoho).toBeInstanceOf(Zoho);
  });

  it('types the Node entry', () => {
    expectTypeOf(FileTokenStore).constructorParameters.toMatchTypeOf<[string, ...unknown[]]>();
    expectTypeOf(createNodeTransport).returns.toMatchTypeOf<(input: string, init: RequestInit) => Promise<Response>>();
  });
});
