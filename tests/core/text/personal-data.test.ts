import { describe, expect, it } from 'vitest';
import { findPersonalData, PERSONAL_DATA_LABELS, type PersonalDataKind } from '../../../src/core/text/personal-data.js';

const found = (text: string) => findPersonalData(text).map((finding) => [finding.kind, finding.evidence, finding.value]);

describe('findPersonalData', () => {
  it.each<[string, PersonalDataKind, string, string]>([
    ['Écrivez-moi à Julie.R@Gmail.com svp', 'email', 'Julie.R@Gmail.com', 'julie.r@gmail.com'],
    ['mon 06 12 34 56 78', 'phone', '06 12 34 56 78', '0612345678'],
    ['mon 06.12.34.56.78', 'phone', '06.12.34.56.78', '0612345678'],
    ['mon 06-12-34-56-78', 'phone', '06-12-34-56-78', '0612345678'],
    ['mon 0612345678', 'phone', '0612345678', '0612345678'],
    ['mon +33 6 12 34 56 78', 'phone', '+33 6 12 34 56 78', '0612345678'],
    ['mon +33 (0)6 12 34 56 78', 'phone', '+33 (0)6 12 34 56 78', '0612345678'],
    ['fixe : 05 61 00 00 00', 'phone', '05 61 00 00 00', '0561000000'],
    ['J’habite 12 rue des Lilas, 31000 Toulouse.', 'postal_address', '12 rue des Lilas, 31000 Toulouse', '12 rue des lilas 31000 toulouse'],
    ['au 3 bis avenue Jean-Jaurès', 'postal_address', '3 bis avenue Jean-Jaurès', '3 bis avenue jean jaures'],
    ['livrez au 5, place du Capitole', 'postal_address', '5, place du Capitole', '5 place du capitole'],
    ['10 bd Haussmann', 'postal_address', '10 bd Haussmann', '10 bd haussmann'],
    ['8 chemin de la Forêt', 'postal_address', '8 chemin de la Forêt', '8 chemin de la foret'],
    ['4 allée des Pins', 'postal_address', '4 allée des Pins', '4 allee des pins'],
    ['2 impasse Molière', 'postal_address', '2 impasse Molière', '2 impasse moliere'],
    ['1 route de Paris', 'postal_address', '1 route de Paris', '1 route de paris'],
    ['7 quai de la Seine', 'postal_address', '7 quai de la Seine', '7 quai de la seine'],
    ['3 cours Mirabeau', 'postal_address', '3 cours Mirabeau', '3 cours mirabeau'],
    ['12 rue de la paix', 'postal_address', '12 rue de la paix', '12 rue de la paix'],
    ['12 avenue du Général de Gaulle 75016 Paris', 'postal_address', '12 avenue du Général de Gaulle 75016 Paris', '12 avenue du general de gaulle 75016 paris'],
    ['envoyez à 31000 Toulouse', 'postcode', '31000 Toulouse', '31000'],
    ['je suis à Toulouse (31000)', 'postcode', '31000', '31000'],
    ['code postal : 31000', 'postcode', '31000', '31000'],
    ['ma commande n° 48213 n’est pas arrivée', 'order_number', 'commande n° 48213', '48213'],
    ['commande #FR-2024-1187', 'order_number', 'commande #FR-2024-1187', 'FR20241187'],
    ['numéro de commande : 123456', 'order_number', 'numéro de commande : 123456', '123456'],
    ['ma cde 558877', 'order_number', 'cde 558877', '558877'],
    ['n° client 12345', 'account_number', 'n° client 12345', '12345'],
    ['numéro d’abonné 98765432', 'account_number', 'numéro d’abonné 98765432', '98765432'],
    ['contrat n° AB-1234', 'account_number', 'contrat n° AB-1234', 'AB1234'],
    ['mon compte 12345678', 'account_number', 'compte 12345678', '12345678'],
    ['IBAN : FR76 3000 6000 0112 3456 7890 189', 'iban', 'FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['iban fr7630006000011234567890189', 'iban', 'fr7630006000011234567890189', 'FR7630006000011234567890189'],
    ['carte 4970 1012 3456 7890', 'card_number', '4970 1012 3456 7890', '4970101234567890'],
    ['carte 4970-1012-3456-7890', 'card_number', '4970-1012-3456-7890', '4970101234567890'],
    ['carte 4970101234567890', 'card_number', '4970101234567890', '4970101234567890'],
  ])('finds in « %s » %s « %s » (%s)', (text, kind, evidence, value) => {
    expect(found(text)).toEqual([[kind, evidence, value]]);
  });

  it('gives offsets of the original text and findings in text order', () => {
    const text = 'Julie, 12 rue des Lilas, tél. 06 12 34 56 78, julie@exemple.fr, commande n° 48213.';
    const findings = findPersonalData(text);
    expect(findings.map((finding) => finding.kind)).toEqual(['postal_address', 'phone', 'email', 'order_number']);
    for (const finding of findings) expect(text.slice(finding.start, finding.end)).toBe(finding.evidence);
  });

  it('normalises every layout of one datum to one value (repetition and charter contact are recognised)', () => {
    const values = (text: string) => findPersonalData(text).map((finding) => finding.value);
    expect(values('06 12 34 56 78')).toEqual(values('+33 (0)6.12.34.56.78'));
    expect(values('JULIE@EXEMPLE.FR')).toEqual(values('julie@exemple.fr'));
    expect(values('FR76 3000 6000 0112 3456 7890 189')).toEqual(values('FR7630006000011234567890189'));
    expect(values('commande n° 48213')).toEqual(values('ma commande 48213'));
  });

  it.each([
    ['prices', 'Le menu est à 15 €, la formule à 1 500 € et la remise de 10 %.'],
    ['dates', 'Réouverture le 12/03/2024, le mardi 12 mars, du 12 au 15 mars.'],
    ['times', 'Ouvert de 9h à 18h, 7h00, 07:30.'],
    ['years', 'Depuis 2019 et jusqu’en 2024.'],
    ['a street word without a name', 'À 3 rue, on tourne.'],
    ['a plural street word', 'La boutique est à 3 rues d’ici.'],
    ['an ambiguous street word without a proper name', 'Il reste 1 place de parking et 2 cours de yoga.'],
    ['a street without a house number', 'Notre boutique rue des Lilas vous attend.'],
    ['« Rue89 »', 'Rue89 en a parlé hier.'],
    ['the brand’s link', 'Tout est sur https://boulangerie-martin.fr/commande/12345 et boulangerie-martin.fr.'],
    ['a mention', 'Merci @julie_0612345678 !'],
    ['« n° 1 des ventes »', 'Notre baguette est n° 1 des ventes.'],
    ['« 24h/24 » and « 7j/7 »', 'Service client 24h/24 et 7j/7.'],
    ['« 2 000 abonnés »', 'Merci à nos 2 000 abonnés !'],
    ['« 75000 abonnés » (a count, not a postcode)', 'Bientôt 75000 abonnés.'],
    ['a five-digit amount', 'Un chiffre de 15000 € et 31000 euros.'],
    ['an order keyword before a date or an amount', 'Votre commande du 12/03/2024 de 150 € est partie.'],
    ['an order keyword before a year', 'Ma commande 2024 était parfaite.'],
    ['a short service number', 'Service client : 3949.'],
    ['a client count', 'Le client n° 1 de la boutique.'],
    ['a figure without any personal data', 'Livraison sous 48h, J-3 avant les soldes.'],
  ])('does not flag %s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });

  it('does not read an IBAN’s or a card’s digits as a phone or an account number', () => {
    expect(found('Mon compte FR76 3000 6000 0112 3456 7890 189').map(([kind]) => kind)).toEqual(['iban']);
    expect(found('Ma carte 0612 3456 7890 1234').map(([kind]) => kind)).toEqual(['card_number']);
  });

  it('finds nothing in a text without personal data', () => {
    expect(findPersonalData('Merci pour votre message, nous revenons vers vous en privé.')).toEqual([]);
  });
});

describe('PERSONAL_DATA_LABELS', () => {
  it('names every kind in French with its article', () => {
    for (const label of Object.values(PERSONAL_DATA_LABELS)) expect(label).toMatch(/^(un|une) /);
    expect(Object.keys(PERSONAL_DATA_LABELS)).toHaveLength(8);
  });
});
