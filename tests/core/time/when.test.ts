import { describe, expect, it } from 'vitest';
import { formatInstant, parseWhen } from '../../../src/core/time/when.js';

const PARIS = 'Europe/Paris';
/** Saturday 28 November 2026, 10:15 in Paris (09:15 UTC). */
const NOW = Date.parse('2026-11-28T09:15:00Z');

function at(input: string, now = NOW, zone = PARIS): string {
  const result = parseWhen(input, now, zone);
  if (!result.ok) throw new Error(result.message);
  return new Date(result.at).toISOString();
}

function refusal(input: string, now = NOW, zone = PARIS): string {
  const result = parseWhen(input, now, zone);
  if (result.ok) throw new Error(`accepté : ${new Date(result.at).toISOString()}`);
  return result.message;
}

describe('parseWhen', () => {
  it.each([
    ['', '2026-11-28T09:15:00.000Z'],
    ['maintenant', '2026-11-28T09:15:00.000Z'],
    ['14:30', '2026-11-28T13:30:00.000Z'],
    ['14h30', '2026-11-28T13:30:00.000Z'],
    ['14h', '2026-11-28T13:00:00.000Z'],
    ['demain 9h', '2026-11-29T08:00:00.000Z'],
    ['Demain à 09:00', '2026-11-29T08:00:00.000Z'],
    ['01/12 14:00', '2026-12-01T13:00:00.000Z'],
    ['01/12/2026 14:00', '2026-12-01T13:00:00.000Z'],
    ['2026-12-01 14:00', '2026-12-01T13:00:00.000Z'],
    ['dans 30 min', '2026-11-28T09:45:00.000Z'],
    ['+2h', '2026-11-28T11:15:00.000Z'],
  ])('reads « %s » in Paris time', (input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it('reads a day without a year as the next one to come', () => {
    expect(at('05/01 09:00')).toBe('2027-01-05T08:00:00.000Z');
  });

  it('reads summer dates with the summer offset', () => {
    expect(at('2027-06-15 14:00', Date.parse('2027-05-01T08:00:00Z'))).toBe('2027-06-15T12:00:00.000Z');
  });

  it('reads the time in the cohort’s own zone', () => {
    expect(at('14:30', NOW, 'America/Montreal')).toBe('2026-11-28T19:30:00.000Z');
  });

  it('says an immediate start is immediate', () => {
    expect(parseWhen('maintenant', NOW, PARIS)).toEqual({ ok: true, at: NOW, immediate: true });
    expect(parseWhen('demain 9h', NOW, PARIS)).toMatchObject({ ok: true, immediate: false });
  });

  it('refuses the past, showing the instant it understood', () => {
    expect(refusal('08:00')).toBe('samedi 28 novembre 2026 à 08:00 (Europe/Paris) est déjà passé : choisissez une heure à venir, ou « maintenant ».');
  });

  it('refuses a time inside the spring-forward gap instead of starting an hour late', () => {
    const march = Date.parse('2027-03-20T09:00:00Z');
    expect(refusal('2027-03-28 02:30', march)).toContain('n’existe pas ce jour-là');
    expect(at('2027-03-28 03:30', march)).toBe('2027-03-28T01:30:00.000Z');
  });

  it('reads the repeated autumn hour once, at its first occurrence', () => {
    const october = Date.parse('2027-10-20T09:00:00Z');
    expect(at('2027-10-31 02:30', october)).toBe('2027-10-31T00:30:00.000Z');
  });

  it.each([
    ['mardi prochain', 'non comprise'],
    ['31/02 10:00', 'n’existe pas'],
    ['demain', 'Précisez l’heure'],
    ['demain 25:00', 'Heure « 25:00 » non comprise'],
    ['2030-01-01 10:00', 'trop lointaine'],
  ])('explains why « %s » is refused', (input, expected) => {
    expect(refusal(input)).toContain(expected);
  });
});

describe('formatInstant', () => {
  it('writes the instant in French in the zone, naming the zone', () => {
    expect(formatInstant(Date.parse('2026-12-01T13:00:00Z'), PARIS)).toBe('mardi 1 décembre 2026 à 14:00 (Europe/Paris)');
  });
});
