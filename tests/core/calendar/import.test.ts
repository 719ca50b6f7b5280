import { describe, expect, it } from 'vitest';
import { calendarFormat, parseCalendar } from '../../../src/core/calendar/import.js';

const PARIS = { format: 'csv' as const, timezone: 'Europe/Paris' };

describe('calendar import (CSV)', () => {
  it('reads a French spreadsheet export: BOM, `;`, French headers and dates, in the learner’s zone', () => {
    const csv = '\uFEFFDate;Heure;Réseau;Axe;Titre\r\n03/12/2026;14h30;Instagram;Coulisses;"Le fournil; à 5 h"\r\n2026-12-05;09:00;Twitter;Promo;Offre de Noël\r\n';
    const { posts, problems } = parseCalendar(csv, PARIS);
    expect(problems).toEqual([]);
    expect(posts).toEqual([
      { line: 2, at: Date.parse('2026-12-03T13:30:00Z'), localDate: '2026-12-03', localTime: '14:30', network: 'instagram', axis: 'Coulisses', title: 'Le fournil; à 5 h' },
      { line: 3, at: Date.parse('2026-12-05T08:00:00Z'), localDate: '2026-12-05', localTime: '09:00', network: 'x', axis: 'Promo', title: 'Offre de Noël' },
    ]);
  });

  it('reads English headers with commas and columns in another order', () => {
    const { posts, problems } = parseCalendar('title,network,date,time,content axis\nTeaser,LinkedIn,2026-12-10,12:00,Expertise\n', PARIS);
    expect(problems).toEqual([]);
    expect(posts[0]).toMatchObject({ network: 'linkedin', axis: 'Expertise', title: 'Teaser', localTime: '12:00' });
  });

  it('keeps the good rows and names each bad one by its line', () => {
    const csv = ['date;heure;réseau;axe;titre', '31/02/2026;10:00;x;A;B', '2026-12-01;25:00;x;A;B', '2026-12-01;10:00;Snapchat;A;B', '2026-12-02;10:00;x;;B', '2026-12-03;10:00;x;A;Bon'].join('\n');
    const { posts, problems } = parseCalendar(csv, PARIS);
    expect(posts.map((post) => post.line)).toEqual([6]);
    expect(problems.map((problem) => problem.message)).toEqual([
      'ligne 2 : la date « 31/02/2026 » n’existe pas',
      'ligne 3 : heure « 25:00 » non comprise (14:30 ou 14h30)',
      'ligne 4 : réseau « Snapchat » inconnu (x, tiktok, linkedin, instagram, facebook, youtube)',
      'ligne 5 : axe de contenu manquant',
    ]);
  });

  it('refuses a time that does not exist on the spring-forward night', () => {
    const { problems } = parseCalendar('date;heure;réseau;axe;titre\n2027-03-28;02:30;x;A;B\n', PARIS);
    expect(problems[0]?.message).toBe('ligne 2 : 02:30 n’existe pas le 28/03/2027 dans le fuseau Europe/Paris (passage à l’heure d’été)');
  });

  it('names missing columns and handles an empty file', () => {
    expect(parseCalendar('date;titre\n2026-12-01;B\n', PARIS).problems[0]?.message).toBe('ligne 1 : colonnes manquantes : heure, réseau, axe (en-tête attendu : date;heure;réseau;axe;titre)');
    expect(parseCalendar('  \n', PARIS).problems[0]?.message).toBe('fichier vide');
    expect(parseCalendar('date;heure;réseau;axe;titre\n"2026-12-01;10:00;x;A;B\n', PARIS).problems[0]?.message).toMatch(/^ligne \d+ : CSV illisible/);
  });

  it('warns when the calendar spans more than a month (Cr3.3)', () => {
    const { posts, problems } = parseCalendar('date;heure;réseau;axe;titre\n2026-12-01;10:00;x;A;B\n2027-01-15;10:00;x;A;C\n', PARIS);
    expect(posts).toHaveLength(2);
    expect(problems).toEqual([{ line: 3, severity: 'warning', message: 'le calendrier couvre plus d’un mois (du 2026-12-01 au 2027-01-15) : le critère Cr3.3 attend un calendrier sur un mois' }]);
  });
});

describe('calendar import (iCalendar)', () => {
  const ics = (events: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//FR', events, 'END:VCALENDAR'].join('\r\n');

  it('reads events with TZID, UTC and floating times, network and axis from the description or categories', () => {
    const text = ics([
      'BEGIN:VEVENT', 'UID:1', 'DTSTART;TZID=Europe/Paris:20261203T143000', 'SUMMARY:Coulisses du fournil', 'DESCRIPTION:Réseau : Instagram\\nAxe : Coulisses', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:2', 'DTSTART:20261205T080000Z', 'SUMMARY:Offre de Noël', 'CATEGORIES:Promo,LinkedIn', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:3', 'DTSTART:20261207T180000', 'SUMMARY:Live', 'CATEGORIES:TikTok,Divertissement', 'END:VEVENT',
    ].join('\r\n'));
    expect(calendarFormat('calendrier.ics', text)).toBe('ics');
    const { posts, problems } = parseCalendar(text, { format: 'ics', timezone: 'Europe/Paris' });
    expect(problems).toEqual([]);
    expect(posts.map((post) => [post.localDate, post.localTime, post.network, post.axis, post.title])).toEqual([
      ['2026-12-03', '14:30', 'instagram', 'Coulisses', 'Coulisses du fournil'],
      ['2026-12-05', '09:00', 'linkedin', 'Promo', 'Offre de Noël'],
      ['2026-12-07', '18:00', 'tiktok', 'Divertissement', 'Live'],
    ]);
  });

  it('refuses repetitions and all-day events, naming the event’s line', () => {
    const text = ics(['BEGIN:VEVENT', 'UID:1', 'DTSTART;VALUE=DATE:20261203', 'SUMMARY:Journée', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:2', 'DTSTART:20261205T080000Z', 'RRULE:FREQ=DAILY', 'SUMMARY:Tous les jours', 'END:VEVENT'].join('\r\n'));
    expect(parseCalendar(text, { format: 'ics', timezone: 'Europe/Paris' }).problems.map((problem) => problem.message)).toEqual([
      'ligne 4 : événement sur la journée entière : donnez une heure de publication',
      'ligne 9 : les répétitions (RRULE) ne sont pas prises en charge : un événement par publication',
    ]);
  });

  it('says so when the file is not iCalendar', () => {
    expect(parseCalendar('BEGIN:VCALENDAR\r\nnimporte quoi', { format: 'ics', timezone: 'Europe/Paris' }).problems[0]?.message).toMatch(/^fichier iCalendar illisible/);
  });
});
