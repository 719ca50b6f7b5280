import { describe, expect, it } from 'vitest';
import { canonicalNumber, extractFigures, normaliseFrenchPhone, unsupportedFigures } from '../../../src/core/text/figures.js';

const figures = (text: string) => extractFigures(text).map((figure) => [figure.kind, figure.raw, figure.value]);
const invented = (text: string, ...sources: string[]) => unsupportedFigures(text, sources).map((figure) => figure.raw);

describe('extractFigures', () => {
  it.each([
    // times
    ['7h', 'time', '07:00'],
    ['7 h', 'time', '07:00'],
    ['7h00', 'time', '07:00'],
    ['07:00', 'time', '07:00'],
    ['7 heures', 'time', '07:00'],
    ['7H30', 'time', '07:30'],
    ['7 h 30', 'time', '07:30'],
    ['19 heures 45', 'time', '19:45'],
    // percentages
    ['10%', 'percentage', '10%'],
    ['10 %', 'percentage', '10%'],
    ['10 pour cent', 'percentage', '10%'],
    ['2,5 %', 'percentage', '2.5%'],
    // prices
    ['15€', 'price', '15 EUR'],
    ['15 €', 'price', '15 EUR'],
    ['15 euros', 'price', '15 EUR'],
    ['15,00 €', 'price', '15 EUR'],
    ['15.00€', 'price', '15 EUR'],
    ['15,90 €', 'price', '15.9 EUR'],
    ['15€90', 'price', '15.9 EUR'],
    ['1 500 €', 'price', '1500 EUR'],
    ['1\u202f500\u00a0€', 'price', '1500 EUR'],
    ['10 k€', 'price', '10000 EUR'],
    ['1,2 M€', 'price', '1200000 EUR'],
    ['3 millions d’euros', 'price', '3000000 EUR'],
    ['50 centimes', 'price', '0.5 EUR'],
    ['20 $', 'price', '20 USD'],
    // dates
    ['12/03', 'date', '--03-12'],
    ['12 mars', 'date', '--03-12'],
    ['12 Mars', 'date', '--03-12'],
    ['12 mars 2024', 'date', '2024-03-12'],
    ['12/03/2024', 'date', '2024-03-12'],
    ['12/03/24', 'date', '2024-03-12'],
    ['12.03.2024', 'date', '2024-03-12'],
    ['2024-03-12', 'date', '2024-03-12'],
    ['1er mai', 'date', '--05-01'],
    ['3 févr.', 'date', '--02-03'],
    ['15 août', 'date', '--08-15'],
    // phones
    ['06 12 34 56 78', 'phone', '0612345678'],
    ['06.12.34.56.78', 'phone', '0612345678'],
    ['06-12-34-56-78', 'phone', '0612345678'],
    ['0612345678', 'phone', '0612345678'],
    ['+33 6 12 34 56 78', 'phone', '0612345678'],
    ['+33612345678', 'phone', '0612345678'],
    ['+33 (0)6 12 34 56 78', 'phone', '0612345678'],
    ['0033 6 12 34 56 78', 'phone', '0612345678'],
    ['05 61 00 00 00', 'phone', '0561000000'],
    ['0 800 123 456', 'phone', '0800123456'],
    // numbers
    ['2 000', 'number', '2000'],
    ['2000', 'number', '2000'],
    ['2\u00a0000', 'number', '2000'],
    ['2\u202f000', 'number', '2000'],
    ['2.000', 'number', '2000'],
    ['2,5', 'number', '2.5'],
    ['1er', 'number', '1'],
    ['2e', 'number', '2'],
    ['3ème', 'number', '3'],
    ['2024', 'number', '2024'],
    ['48h', 'number', '48'],
    ['J-3', 'number', '3'],
    ['24h/24', 'number', '24h/24'],
    ['24 heures sur 24', 'number', '24h/24'],
    ['24/24', 'number', '24h/24'],
    ['7j/7', 'number', '7j/7'],
    ['7 jours sur 7', 'number', '7j/7'],
    ['7/7', 'number', '7j/7'],
    ['2x8', 'number', '2x8'],
  ])('« %s » is one %s figure: %s', (text, kind, value) => {
    expect(figures(text)).toEqual([[kind, text, value]]);
  });

  it('gives offsets of the original text', () => {
    const text = 'Réouverture le mardi 12 mars à 7 h, appelez le 05 61 00 00 00.';
    for (const figure of extractFigures(text)) expect(text.slice(figure.start, figure.end)).toBe(figure.raw);
    expect(figures(text)).toEqual([
      ['date', '12 mars', '--03-12'],
      ['time', '7 h', '07:00'],
      ['phone', '05 61 00 00 00', '0561000000'],
    ]);
  });

  it('reads time ranges as two times', () => {
    expect(figures('Ouvert 9h-18h')).toEqual([['time', '9h', '09:00'], ['time', '18h', '18:00']]);
    expect(figures('de 9 à 18 h 30')).toEqual([['time', '9', '09:00'], ['time', '18 h 30', '18:30']]);
    expect(figures('9-12h')).toEqual([['time', '9', '09:00'], ['time', '12h', '12:00']]);
  });

  it('reads date ranges as two dates', () => {
    expect(figures('du 12 au 15 mars')).toEqual([['date', '12', '--03-12'], ['date', '15 mars', '--03-15']]);
    expect(figures('les 2 et 3 mai 2024')).toEqual([['date', '2', '2024-05-02'], ['date', '3 mai 2024', '2024-05-03']]);
  });

  it('keeps « 24h/24, 7j/7 » apart from times and dates', () => {
    expect(figures('Service joignable 24h/24 et 7j/7')).toEqual([['number', '24h/24', '24h/24'], ['number', '7j/7', '7j/7']]);
  });

  it('reads a price with a comma decimal as one figure, not two numbers', () => {
    expect(figures('Le menu passe à 12,50 € demain')).toEqual([['price', '12,50 €', '12.5 EUR']]);
  });

  it.each([
    ['numbers in letters', 'Trois jours, dix pour cent, sept heures'],
    ['a link with digits', 'Voir https://boulangerie-martin.fr/promo-2024/page3 et www.exemple.fr/12'],
    ['a bare domain with digits', 'Lisez rue89.com'],
    ['an e-mail with digits', 'Écrivez à julie75@exemple.fr'],
    ['a mention with digits', 'Merci @julie_75 !'],
    ['a hashtag with digits', 'Bravo #Paris2024'],
    ['digits glued after letters', 'Rue89, iPhone15 et B2B'],
    ['a version number', 'v1.2.3'],
  ])('finds no figure in %s', (_label, text) => {
    expect(figures(text)).toEqual([]);
  });

  it('does not take a separate number for a digit group (« 2 000 abonnés »)', () => {
    expect(figures('Merci à nos 2 000 abonnés')).toEqual([['number', '2 000', '2000']]);
  });

  it('reads « 1-2 jours » as two numbers, not a date', () => {
    expect(figures('1-2 jours')).toEqual([['number', '1', '1'], ['number', '2', '2']]);
  });
});

describe('canonicalNumber and normaliseFrenchPhone', () => {
  it.each([
    ['1 500', '1500'],
    ['1.500', '1500'],
    ['15.00', '15'],
    ['15,50', '15.5'],
    ['007', '7'],
    ['0', '0'],
  ])('%s → %s', (written, value) => {
    expect(canonicalNumber(written)).toBe(value);
  });

  it('brings every layout to 0XXXXXXXXX', () => {
    for (const written of ['06 12 34 56 78', '+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '0033612345678']) {
      expect(normaliseFrenchPhone(written)).toBe('0612345678');
    }
  });
});

describe('unsupportedFigures', () => {
  it.each([
    ['7h', '7 h'],
    ['7h', '7h00'],
    ['7h', '07:00'],
    ['7h', '7 heures'],
    ['7 h 30', '07:30'],
    ['10%', '10 %'],
    ['10%', '10 pour cent'],
    ['15€', '15 €'],
    ['15€', '15 euros'],
    ['15€', '15,00 €'],
    ['15€', '15.00€'],
    ['15,90 €', '15.90€'],
    ['1 500 €', '1500 euros'],
    ['2 000', '2000'],
    ['2\u202f000', '2 000'],
    ['12/03', '12 mars'],
    ['12/03/2024', '12 mars 2024'],
    ['06 12 34 56 78', '+33 6 12 34 56 78'],
    ['06.12.34.56.78', '+33 (0)6 12 34 56 78'],
    ['24h/24', '24 heures sur 24'],
    ['7j/7', '7 jours sur 7'],
    ['1er', '1'],
  ])('« %s » and « %s » support each other', (first, second) => {
    expect(invented(first, second)).toEqual([]);
    expect(invented(second, first)).toEqual([]);
  });

  it('supports a time by the same time written otherwise in the charter', () => {
    expect(invented('Nous rouvrons à 7 h.', 'Réouverture le mardi 12 mars à 7h00.')).toEqual([]);
  });

  it('supports a date by the same day and month, whatever the weekday or layout', () => {
    expect(invented('Rendez-vous mardi 12 mars !', 'Réouverture le 12/03.')).toEqual([]);
    expect(invented('Rendez-vous le 12/03 !', 'Réouverture le mardi 12 mars 2024.')).toEqual([]);
  });

  it('supports a date with a year only when the sources give that year', () => {
    expect(invented('le 12 mars 2024', 'le 12 mars 2024')).toEqual([]);
    expect(invented('le 12 mars 2024', 'le 12 mars', 'Saison 2024')).toEqual([]);
    expect(invented('le 12 mars 2025', 'le 12 mars')).toEqual(['12 mars 2025']);
    expect(invented('le 12 mars 2025', '12/03/2024')).toEqual(['12 mars 2025']);
  });

  it('supports a bare number written anywhere in the sources, even inside another figure', () => {
    expect(invented('à partir du 12', 'Réouverture le 12 mars.')).toEqual([]);
    expect(invented('sous 3 jours', 'Livraison offerte dès 3 €.')).toEqual([]);
    expect(invented('Nos 2 boutiques', 'Ouvert de 9 h à 18 h, 2 boutiques')).toEqual([]);
    expect(invented('le 1er', 'Rendez-vous le 1er juin.')).toEqual([]);
    expect(invented('2024', 'le 12/03/24')).toEqual([]);
  });

  it('supports a time given inside a range of the sources', () => {
    expect(invented('Nous ouvrons à 9h.', 'Horaires : de 9 à 18 h.')).toEqual([]);
    expect(invented('Jusqu’à 18 h.', 'Horaires : 9h-18h.')).toEqual([]);
  });

  it('flags figures that are not in the sources', () => {
    expect(invented('Réouverture à 8 h', 'Réouverture à 7 h.')).toEqual(['8 h']);
    expect(invented('Réouverture à 7 h 30', 'Réouverture à 7 h.')).toEqual(['7 h 30']);
    expect(invented('Le 13 mars', 'Le 12 mars.')).toEqual(['13 mars']);
    expect(invented('Remise de 20 %', 'Remise de 10 %.')).toEqual(['20 %']);
    expect(invented('Un geste de 15 €', 'Nous sommes désolés.')).toEqual(['15 €']);
    expect(invented('Appelez le 06 12 34 56 79', 'Tél. 06 12 34 56 78')).toEqual(['06 12 34 56 79']);
    expect(invented('Livraison sous 48h', 'Livraison sous 72 heures.')).toEqual(['48h']);
    expect(invented('sous 5 jours', 'Réouverture le 12 mars à 7 h.')).toEqual(['5']);
  });

  it('compares a shift pattern as a whole', () => {
    expect(invented('Oui, en 2x8.', 'Usinage en 2x8 (6 h – 13 h 30 ou 13 h 30 – 21 h).')).toEqual([]);
    expect(invented('Non, en 3x8.', 'Usinage en 2x8.')).toEqual(['3x8']);
  });

  it('does not let a bare number support a figure of another kind', () => {
    expect(invented('Un bon de 15 €', 'Désolés pour ces 15 minutes d’attente.')).toEqual(['15 €']);
    expect(invented('Remise de 10 %', 'Nos 10 ans !')).toEqual(['10 %']);
    expect(invented('à 10 h', 'Nos 10 ans !')).toEqual(['10 h']);
  });

  it('does not read « 24h/24 » as 24 h, nor 24 h as a round-the-clock service', () => {
    expect(invented('Le service client répond 24h/24', 'Réponse sous 24 h.')).toEqual(['24h/24']);
    expect(invented('Réponse sous 24 h', 'Service 24h/24.')).toEqual(['24 h']);
  });

  it('reports only the invented figures, in text order', () => {
    const reply = 'Le 12 mars à 7 h, -10 % sur tout, et 2 croissants offerts pour 5 € d’achat.';
    expect(invented(reply, 'Réouverture le mardi 12 mars à 7 h. Remise de 10 % sur tout.')).toEqual(['2', '5 €']);
  });

  it('ignores links, e-mails and mentions in the reply (they are not figures)', () => {
    expect(invented('Tout est sur https://exemple.fr/offre-2024 ou écrivez à sav75@exemple.fr, @julie_75.', 'Nous sommes désolés.')).toEqual([]);
  });

  it('passes a reply without figures and fails one with figures when there is no source', () => {
    expect(invented('Merci pour votre message, nous revenons vers vous.')).toEqual([]);
    expect(invented('Réouverture à 7 h.')).toEqual(['7 h']);
  });

  it('gives the same answer for repeated calls (source indexes are cached)', () => {
    const source = 'Réouverture le mardi 12 mars à 7 h.';
    expect(invented('à 8 h', source)).toEqual(['8 h']);
    expect(invented('à 7 h', source)).toEqual([]);
    expect(invented('à 8 h', source)).toEqual(['8 h']);
  });
});
