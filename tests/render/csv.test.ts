import { describe, expect, it } from 'vitest';
import { csvField, spreadsheetDateTime, toCsv } from '../../src/render/csv.js';

const BOM = '\uFEFF';

describe('toCsv for French spreadsheets', () => {
  it('starts with a UTF-8 BOM, separates with ";" and ends every record with CRLF', () => {
    expect(toCsv(['Apprenant', 'Vérification'], [['Léa', 'Civilité'], ['Noé', 'Registre (tu/vous)']])).toBe(
      `${BOM}Apprenant;Vérification\r\nLéa;Civilité\r\nNoé;Registre (tu/vous)\r\n`,
    );
  });

  it('writes the header alone when there are no rows', () => {
    expect(toCsv(['Vérification', 'Taux'], [])).toBe(`${BOM}Vérification;Taux\r\n`);
  });

  it('writes numbers with a decimal comma', () => {
    expect(toCsv(['a', 'b', 'c', 'd', 'e'], [[0.75, 12, -3, -2.5, 0]])).toBe(`${BOM}a;b;c;d;e\r\n0,75;12;-3;-2,5;0\r\n`);
    expect(csvField(1 / 3)).toBe('0,3333333333333333');
    expect(csvField(-0)).toBe('0');
    expect(csvField(1e21)).toBe('1e+21');
  });

  it('leaves null, undefined and non-finite numbers empty', () => {
    expect(toCsv(['a', 'b', 'c', 'd', 'e'], [[null, undefined, Number.NaN, Infinity, 'x']])).toBe(
      `${BOM}a;b;c;d;e\r\n;;;;x\r\n`,
    );
  });

  it('quotes fields holding ";", quotes, CR or LF, and doubles the quotes', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('il a dit "bonjour"')).toBe('"il a dit ""bonjour"""');
    expect(csvField('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvField('ligne 1\r\nligne 2')).toBe('"ligne 1\r\nligne 2"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('virgule, point.')).toBe('virgule, point.');
    expect(csvField('')).toBe('');
    expect(toCsv(['x'], [['a;b'], ['"']])).toBe(`${BOM}x\r\n"a;b"\r\n""""\r\n`);
  });

  it('defuses learner text that a spreadsheet would read as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+33 6 12 34 56 78')).toBe("'+33 6 12 34 56 78");
    expect(csvField('-pas terrible')).toBe("'-pas terrible");
    expect(csvField('@SOMME(A1:A9)')).toBe("'@SOMME(A1:A9)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('＝1+1')).toBe("'＝1+1");
    expect(csvField('=HYPERLINK("http://x.test";"clic")')).toBe(`"'=HYPERLINK(""http://x.test"";""clic"")"`);
    expect(csvField('-3')).toBe("'-3"); // a string from learner text, even if it looks like a number
    expect(csvField('a=b')).toBe('a=b');
    expect(toCsv(['=titre'], [['=cmd|calc'], [-4]])).toBe(`${BOM}'=titre\r\n'=cmd|calc\r\n-4\r\n`);
  });

  it('does not guard plain negative numbers passed as numbers', () => {
    expect(toCsv(['écart'], [[-3], [-0.25]])).toBe(`${BOM}écart\r\n-3\r\n-0,25\r\n`);
  });

  it('keeps rows of uneven length as they are', () => {
    expect(toCsv(['a', 'b'], [['1'], ['1', '2', '3'], []])).toBe(`${BOM}a;b\r\n1\r\n1;2;3\r\n\r\n`);
  });
});

describe('spreadsheetDateTime', () => {
  it('writes an instant as AAAA-MM-JJ HH:MM in the reader’s zone, which spreadsheets read as a date', () => {
    expect(spreadsheetDateTime('2026-11-28T09:30:00.000Z', 'Europe/Paris')).toBe('2026-11-28 10:30');
    expect(spreadsheetDateTime('2026-07-01T22:15:00.000Z', 'Europe/Paris')).toBe('2026-07-02 00:15');
    expect(spreadsheetDateTime(Date.UTC(2026, 10, 28, 14, 5), 'America/Montreal')).toBe('2026-11-28 09:05');
    // Across the spring change in Paris: 01:30 UTC is 03:30 local.
    expect(spreadsheetDateTime('2026-03-29T01:30:00Z', 'Europe/Paris')).toBe('2026-03-29 03:30');
  });

  it('gives nothing for a missing or unreadable instant', () => {
    expect(spreadsheetDateTime(null, 'Europe/Paris')).toBeNull();
    expect(spreadsheetDateTime(undefined, 'Europe/Paris')).toBeNull();
    expect(spreadsheetDateTime('pas une date', 'Europe/Paris')).toBeNull();
    expect(toCsv(['rendu le'], [[spreadsheetDateTime(null, 'Europe/Paris')]])).toBe('\uFEFFrendu le\r\n\r\n');
  });
});

