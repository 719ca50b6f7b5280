import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpeller, spellingAllowListSchema, wordsOf, type Speller } from '../../../src/core/text/spelling.js';

const allowList = spellingAllowListSchema.parse(parse(readFileSync(new URL('../../../lexicons/spelling-allow.yaml', import.meta.url), 'utf8')));

let speller: Speller;
beforeAll(async () => {
  speller = await loadSpeller(allowList);
});

const mistakes = (text: string, ignore?: ReadonlySet<string>) => speller.check(text, ignore).map((mistake) => mistake.word);

describe('correct customer-care replies', () => {
  it.each([
    'Bonjour Julie, nous sommes sincèrement désolés pour ce désagrément.',
    "L'équipe Martin vous remercie pour votre patience.",
    "Nous comprenons votre déception, et c'est pourquoi nous revenons vers vous aujourd'hui.",
    "N'hésitez pas à nous écrire en message privé : nous regarderons votre commande ensemble.",
    "Jusqu'à nouvel ordre, la boutique reste ouverte du mardi au samedi.",
    "Qu'il s'agisse d'un oubli ou d'une erreur, nous allons vérifier avec le livreur.",
    'Peut-être pourriez-vous nous indiquer votre numéro de commande en privé ?',
    "Rendez-vous en boutique, c'est-à-dire rue des Lilas, pour échanger l'article.",
    'Pensez-y lors de votre prochaine visite, et dites-le-nous si le problème persiste !',
    'Merci à toutes et à tous pour vos messages bienveillants.',
    'Chères clientes, chers clients, merci pour votre fidélité.',
    'Merci à nos abonné·e·s, toujours plus nombreux·ses chaque semaine !',
    'Nous remercions tou·te·s les client·es qui ont participé.',
    'Bienvenue aux nouveaux et nouvelles adhérent.e.s de l’association.',
    'Les bénévoles inscrit(e)s recevront un e-mail de confirmation.',
    'Merci Julie, votre avis compte beaucoup pour la Boulangerie Martin.',
    "Bonjour Kévin, l'appli sera mise à jour dans la semaine.",
    'Le SAV vous recontactera rapidement, promis !',
    'Retrouvez le replay du live sur notre chaîne, et abonnez-vous à la newsletter.',
    'Merci pour le like et bienvenue parmi nos followers !',
    'Notre e-shop propose aussi le click & collect dans les deux boutiques.',
    'OK, nous transmettons votre suggestion à l’équipe produit.',
    'Ok, on vous envoie le tuto en DM.',
    "Ce n'est pas un spoiler, promis : la story sera en ligne ce soir.",
    'Conformément au RGPD, vous pouvez demander la suppression de vos données.',
    'Nous ouvrons à 7h00 et le menu est à 10€, soit 10 % de moins que l’an dernier.',
    'Votre colis n° 4521 a bien été expédié.',
    'Écrivez-nous à contact@boulangerie-martin.fr ou sur https://boulangerie-martin.fr/contact.',
    'Merci @julie_r ! Tout le détail est sur www.boulangerie-martin.fr #faitmaison',
    'Merci beaucoup 😊 Nous sommes ravis que la galette vous ait plu.',
    'Nous sommes navrés : votre cœur de métier, comme le nôtre, c’est la qualité.',
    'Avec tout notre coeur, merci pour votre soutien.',
    'M. Zorglubin vous répondra demain matin, Mme Zébulonne aussi.',
    'Quelqu’un de notre équipe vous recontacte lorsqu’il aura les informations.',
    'Puisqu’il faut choisir, nous préférons être transparents.',
    'ÉVÉNEMENT ANNULÉ : nous vous rembourserons intégralement.',
    'EVENEMENT reporté à une date ultérieure.',
    'Ça nous touche beaucoup, merci !',
    'Bonne journée et à très bientôt,\nL’équipe Martin',
    'Vous pouvez aussi nous joindre par téléphone au 05 61 00 00 00.',
    'Les iels et toustes de la rédaction vous saluent.',
  ])('finds nothing in « %s »', (text) => {
    expect(mistakes(text)).toEqual([]);
  });
});

describe('common mistakes', () => {
  it.each([
    ['Nous sommes désollés pour ce retard.', ['désollés']],
    ['Merçi pour votre message.', ['Merçi']],
    ['Un grand merçi à vous !', ['merçi']],
    ['Votre rembourssement sera effectué sous huit jours.', ['rembourssement']],
    ['Cette occurence est rare, nous vérifions.', ['occurence']],
    ['Nous veillons au language employé sur notre page.', ['language']],
    ['Le dévelopement de la nouvelle gamme prend du temps.', ['dévelopement']],
    ["N'hésitez pas à nous apeller demain.", ['apeller']],
    ['Bonjours à tous, merci pour vos retours.', ['Bonjours']],
    ['Nous avons bien reçu votre réponse, merci de votre comprehension.', ['comprehension']],
    ['Nous revenons vers vous au plus vite concernant ce probleme.', ['probleme']],
    ['Votre commande est déja partie.', ['déja']],
    ['Merci pour votre patience, nous sommes tres touchés.', ['tres']],
    ['Nous vous prions de nous excuser pour ce désagrement.', ['désagrement']],
    ['Notre acceuil est ouvert du lundi au vendredi.', ['acceuil']],
    ['Nous avons bien recu votre message.', ['recu']],
    ['Malheuresement, ce produit est en rupture.', ['Malheuresement']],
    ["C'est vraiement dommage, nous allons corriger cela.", ['vraiement']],
    ['Nous sommes notament présents le samedi.', ['notament']],
    ['Votre livraisson arrivera demain.', ['livraisson']],
    ['Un conseiller professionel vous rappellera.', ['professionel']],
    ['Merci de vérifier votre addresse de livraison.', ['addresse']],
    ['Cordialemment, le service client.', ['Cordialemment']],
    ['Nous sommes désolés pour la gêne occasionée.', ['occasionée']],
    ['A bientot dans notre boutique !', ['bientot']],
    ['Nous en parlerons dorénavent en privé.', ['dorénavent']],
    ['Parmis vos suggestions, plusieurs seront retenues.', ['Parmis']],
    ['Nous étudions votre demande malgrès le délai.', ['malgrès']],
    ["N'hesitez pas à nous écrire.", ["N'hesitez"]],
    ['Nous sommes désollés et nous vous remerçions.', ['désollés', 'remerçions']],
  ])('reports the wrong word of « %s »', (text, words) => {
    expect(mistakes(text)).toEqual(words);
  });

  it('gives the offsets of the word as written', () => {
    const text = 'Bonjour, merçi pour votre patience.';
    expect(speller.check(text)).toEqual([{ word: 'merçi', start: 9, end: 14 }]);
  });

  it('checks the first word of a sentence, but takes a capitalised word in mid-sentence as a name', () => {
    expect(mistakes('Merci. Désollé pour le retard.')).toEqual(['Désollé']);
    expect(mistakes('Merci !\nDésollé pour le retard.')).toEqual(['Désollé']);
    expect(mistakes('Merci 🙏 Désollé pour le retard.')).toEqual(['Désollé']);
    expect(mistakes('Merci Kylian, Zébulonne et Maëlys pour vos retours.')).toEqual([]);
    expect(mistakes('Zébulonne, merci pour votre retour.')).toEqual(['Zébulonne']);
    // The same word written as a name in mid-sentence is a name at the start too.
    expect(mistakes('Zébulonne, merci ! Nous saluons aussi Zébulonne de Lyon.')).toEqual([]);
  });

  it('checks words in capitals at the start, accents restored', () => {
    expect(mistakes('MERCI pour votre patience.')).toEqual([]);
    expect(mistakes('DESOLES pour ce retard.')).toEqual([]);
    expect(mistakes('DESOLLES pour ce retard.')).toEqual(['DESOLLES']);
  });
});

describe('apostrophes', () => {
  it('reads the curly apostrophe as a straight one', () => {
    expect(mistakes('L’équipe vous répond aujourd’hui, jusqu’à 18 h, qu’il pleuve ou non.')).toEqual([]);
    expect(mistakes('C’est-à-dire qu’on vous rappelle d’ici demain.')).toEqual([]);
  });

  it('reports a misspelled elided word as written, curly apostrophe included', () => {
    expect(mistakes('Merci pour l’aplication.')).toEqual(['l’aplication']);
    expect(mistakes("Merci pour l'aplication.")).toEqual(["l'aplication"]);
  });

  it('takes a capital after an elision as a name', () => {
    expect(mistakes("Les produits d'Aubéria et l’Atelier Zéphyrine arrivent.")).toEqual([]);
  });
});

describe('ignore set (the scenario’s words)', () => {
  const scenario = wordsOf(['Boulangerie Kroustilla', 'Le flan pâtissier façon Kroustilla', "Commentaire : la kouignette d'hier était sèche #KroustiFan @kroustilla_officiel"]);

  it('accepts the scenario’s words, whatever their case and accents', () => {
    expect(mistakes('Merci, la kouignette sera plus moelleuse demain.')).toEqual(['kouignette']);
    expect(mistakes('Merci, la kouignette sera plus moelleuse demain.', scenario)).toEqual([]);
    expect(mistakes('Kroustilla vous remercie, les kouignettes reviennent.', scenario)).toEqual([]);
    expect(mistakes('Rejoignez les kroustifan sur notre page.', scenario)).toEqual([]);
  });

  it('still reports the other mistakes', () => {
    expect(mistakes('La kouignette est désollée.', scenario)).toEqual(['désollée']);
  });

  it('accepts an ignore set built from tokens, as the project tokenizer folds them', () => {
    expect(mistakes("L'atelier-kroustilla ouvre.", new Set(['kroustilla']))).toEqual([]);
  });

  it('wordsOf folds words, keeps compounds and their parts, and the text of hashtags and mentions', () => {
    const words = wordsOf(["L'Atelier Saint-Émilion répond à #FaitMaison et @julie_r"]);
    expect(words.has("l'atelier")).toBe(true);
    expect(words.has('atelier')).toBe(true);
    expect(words.has('saint-emilion')).toBe(true);
    expect(words.has('emilion')).toBe(true);
    expect(words.has('faitmaison')).toBe(true);
    expect(words.has('julie_r')).toBe(true);
    expect(words.has('repond')).toBe(true);
  });
});

describe('allow-list', () => {
  it('accepts its entries in any case, with their plural', () => {
    expect(mistakes('ok, OK, Ok : les emojis et les stories sont arrivés, merci aux followers !')).toEqual([]);
    expect(mistakes('Les RGPD et les eshops.')).toEqual([]);
  });

  it('accepts a phrase only as a phrase', () => {
    expect(mistakes('Le click and collect est disponible.')).toEqual([]);
    expect(mistakes('Le click-&-collect est disponible.')).toEqual([]);
    expect(mistakes('Un click suffit.')).toEqual(['click']);
  });

  it('uses the list it is given', async () => {
    const custom = await loadSpeller(spellingAllowListSchema.parse({ words: ['kouignette'], reject: ['chocolatine'] }));
    expect(custom.check('Deux kouignettes et une chocolatine.').map((mistake) => mistake.word)).toEqual(['chocolatine']);
  });

  it('rejects a malformed list', () => {
    expect(spellingAllowListSchema.safeParse({ words: [] }).success).toBe(false);
    expect(spellingAllowListSchema.safeParse({ words: ['ok', '<script>'] }).success).toBe(false);
    expect(spellingAllowListSchema.safeParse({ words: ['ok'], reject: ['deux mots'] }).success).toBe(false);
    expect(spellingAllowListSchema.safeParse({ words: ['ok'], extra: 1 }).success).toBe(false);
  });
});

describe('what is never checked', () => {
  it.each([
    'Rendez-vous sur https://www.exemple-zorglub.fr/pages/aide-en-ligne?ref=zzq.',
    'Écrivez à service.clientzz@exempl-zorg.com pour un suivi.',
    'Merci @zorglubette_99 et bienvenue !',
    'Partagez avec #ZorglubChallenge2025 !',
    'Voir aussi zorglub-boutique.fr pour les horaires.',
    'Ouverture à 7h00, 48h de délai, 3e étage, 10€ ou 15 €.',
    'Commande n°12345XZ et N° 8 bien reçues.',
    'Merci 🥖🥐🎉 à très vite !',
    'Attention ⚠️ nouvelle adresse ❤️ merci !',
    'Ce lien steam-keys-zorg.ru/kerlannzz est une arnaque.',
    'Le mot « m*rde » a été masqué par la modération.',
  ])('« %s »', (text) => {
    expect(mistakes(text)).toEqual([]);
  });

  it('still checks the words around them', () => {
    expect(mistakes('Merçi @julie_r, voir https://exemple.fr et désollé pour les 10€.')).toEqual(['Merçi', 'désollé']);
  });
});

describe('inclusive writing', () => {
  it.each(['bienveillant·e·s', 'client·es', 'tou·te·s', 'client.e.s', 'tou.te.s', 'acteur·rice·s', 'lecteur·ice·s', 'chèr·e·s', 'étudiant-e-s', 'inscrit(e)s', 'désolé(e)'])(
    'accepts « %s »',
    (word) => {
      expect(mistakes(`Merci aux ${word} de la communauté.`)).toEqual([]);
    },
  );

  it('still reports a misspelled base word', () => {
    expect(mistakes('Merci aux abonnné·e·s.')).toEqual(['abonnné·e·s']);
  });
});

describe('suggest', () => {
  it('gives up to 3 suggestions, the right one among them', () => {
    const suggestions = speller.suggest('rembourssement');
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(suggestions).toContain('remboursement');
    expect(speller.suggest('merçi')).toContain('merci');
    expect(speller.suggest('désollé')[0]).toBe('désolé');
  });

  it('never proposes the rejected word itself', () => {
    expect(speller.suggest('Bonjours')).toContain('Bonjour');
    expect(speller.suggest('Bonjours')).not.toContain('Bonjours');
  });

  it('suggests nothing for a correct word', () => {
    expect(speller.suggest('merci')).toEqual([]);
  });
});
