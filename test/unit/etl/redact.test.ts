import { describe, expect, it } from 'vitest';
import { stripHtml } from '../../../etl/transform/html';
import { isPhoneNumber, redactPii } from '../../../etl/transform/redact';

describe('redactPii', () => {
  it.each([
    ['mail lucia.fernandez@utility.es today', 'mail [email] today'],
    ['Móvil +34 612 34 56 78.', 'Móvil [phone].'],
    ['llamar al 0034 612345678', 'llamar al [phone]'],
    ['fijo 912 345 678 o 91 123 45 67', 'fijo [phone] o [phone]'],
    ['móvil 612345678', 'móvil [phone]'],
    ['call (555) 123-4567 or 555-123-4567', 'call [phone] or [phone]'],
  ])('redacts %j', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  it.each([
    'since 2026-11-01 10:00:00',
    'host 192.168.100.200 down',
    'jobs 4800 and 900 failed',
    'CHG0001234 and INC0012345',
    'version 19.3.0.0 on port 5432',
    'error ORA-12541 at 04:04',
    'timeout after 120000 ms',
  ])('leaves %j alone', (input) => {
    expect(redactPii(input)).toBe(input);
  });

  it('redacts the people named in person fields, whole names and capitalised surnames', () => {
    // act
    const out = redactPii('Lucía Fernández reports it; lucía fernández again; Sra. Fernández called Kevin', [
      'Lucía Fernández',
      'Kevin Walsh',
    ]);
    // assert
    expect(out).toBe('[person] reports it; [person] again; Sra. [person] called [person]');
  });

  it('does not redact a name inside a longer word', () => {
    expect(redactPii('Carterville site', ['Emily Carter'])).toBe('Carterville site');
  });

  it('knows a Spanish landline from a count', () => {
    expect(isPhoneNumber('912345678')).toBe(true);
    expect(isPhoneNumber('123456789')).toBe(false);
  });
});

describe('stripHtml', () => {
  it('keeps the text and line breaks of HTML and decodes entities', () => {
    expect(
      stripHtml('<p>Servidor <b>caído</b> &amp; sin respuesta</p><p>Revisar&nbsp;logs</p><script>x()</script>'),
    ).toBe('Servidor caído & sin respuesta\nRevisar logs');
  });

  it('removes ServiceNow [code] markers', () => {
    expect(stripHtml('[code]<i>Restart</i>[/code] the pod')).toBe('Restart the pod');
  });

  it('returns plain text unchanged', () => {
    expect(stripHtml('  plain text ')).toBe('plain text');
  });
});
