import { describe, expect, it } from 'vitest';
import { checkIdempotencyKey, checkInput, ZohoValidationError } from 'zohokit';

function refusal(run: () => void): ZohoValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZohoValidationError) return error;
    throw error;
  }
  throw new Error('expected a ZohoValidationError');
}

describe('checkInput: the call’s own checks, without a client or a request', () => {
  it('accepts what the call accepts', () => {
    const ticket = { subject: 'Help', departmentId: '1', contact: { email: 'ada@example.com', lastName: 'L' } };
    expect(checkInput('desk.tickets.create', ticket)).toBeUndefined();
    expect(checkInput('desk.contacts.create', { lastName: 'Lovelace', email: 'ada@example.com' })).toBeUndefined();
    expect(checkInput('campaigns.subscribe', { listKey: 'k1', email: 'ada@example.com' })).toBeUndefined();
    expect(checkInput('campaigns.unsubscribe', { listKey: 'k1', email: 'ada@example.com' })).toBeUndefined();
  });

  it('refuses with the field the call would name', () => {
    const long = refusal(() =>
      checkInput('desk.tickets.create', { subject: 'x'.repeat(256), departmentId: '1', contactId: '2' }),
    );
    expect(long.details?.fieldName).toBe('subject');
    expect(long.code).toBe('invalid_input');
    expect(refusal(() => checkInput('desk.contacts.create', { email: 'ada@example.com' } as never)).details).toEqual({
      fieldName: 'lastName',
    });
    expect(refusal(() => checkInput('campaigns.subscribe', { listKey: 'k', email: 'not-an-email' })).details).toEqual({
      fieldName: 'email',
    });
    expect(refusal(() => checkInput('campaigns.unsubscribe', { listKey: '', email: 'a@b.co' })).details).toEqual({
      fieldName: 'listKey',
    });
  });

  it('checks idempotency keys as tickets.create does', () => {
    expect(() => checkIdempotencyKey('order-42@shop')).not.toThrow();
    expect(refusal(() => checkIdempotencyKey('has space')).details).toEqual({ fieldName: 'idempotencyKey' });
    expect(refusal(() => checkIdempotencyKey('k'.repeat(101))).details).toEqual({ fieldName: 'idempotencyKey' });
  });
});
