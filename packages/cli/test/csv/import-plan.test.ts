import { describe, expect, it } from 'vitest';
import { fieldOfHeader, planImport } from '../../src/csv/import-plan.js';

describe('planImport', () => {
  it('finds the email column by common names, keeps line numbers, trims, rejects and dedupes with reasons', () => {
    const plan = planImport(
      'Name,E-mail\nAda, ada@example.com \nBob,\nEve,not-mail\nAda again,ADA@example.com\nX,x@example.com,extra\n',
      { header: true },
    );
    expect(plan.emailColumn).toBe('E-mail');
    expect(plan.rows).toBe(5);
    expect(plan.valid).toEqual([{ line: 2, email: 'ada@example.com' }]);
    expect(plan.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'has no email address'],
      [4, 'is not a valid email address'],
      [6, 'has 3 fields where the header has 2 (an unquoted comma?)'],
    ]);
    expect(plan.duplicates).toEqual([{ line: 5, email: 'ADA@example.com', firstLine: 2 }]);
  });

  it('--email-column by name, or by number with --no-header', () => {
    expect(planImport('who,addr\nA,a@example.com\n', { header: true, emailColumn: 'ADDR' }).valid).toHaveLength(1);
    expect(planImport('a@example.com,A\nb@example.com,B\n', { header: false }).valid.map((r) => r.line)).toEqual([
      1, 2,
    ]);
    expect(planImport('A,a@example.com\n', { header: false, emailColumn: '2' }).valid).toEqual([
      { line: 1, email: 'a@example.com' },
    ]);
  });

  it('no email column, or an empty file, is a usage error', () => {
    expect(() => planImport('name,phone\nA,1\n', { header: true })).toThrow(/no email column/);
    expect(() => planImport('', { header: true })).toThrow(/empty/);
  });

  it('maps the usual headers to Zoho fields whatever their case and punctuation, and reports the rest', () => {
    for (const header of ['email', 'E-mail', 'email_address', 'Contact Email', 'CONTACT-EMAIL'])
      expect(fieldOfHeader(header), header).toBe('Contact Email');
    for (const header of ['first name', 'firstname', 'first_name', 'First Name', 'First-Name'])
      expect(fieldOfHeader(header), header).toBe('First Name');
    for (const header of ['last name', 'Last_Name', 'surname']) expect(fieldOfHeader(header), header).toBe('Last Name');
    expect(fieldOfHeader('Company Name')).toBe('Company Name');
    expect(fieldOfHeader('Phone')).toBe('Phone');
    expect(fieldOfHeader('favourite colour')).toBeUndefined();
    const plan = planImport('Contact Email,First Name,colour\na@example.com,A,red\n', { header: true });
    expect(plan.emailColumn).toBe('Contact Email');
    expect(plan.columns).toEqual({ recognised: [{ column: 'First Name', field: 'First Name' }], unknown: ['colour'] });
  });
});
