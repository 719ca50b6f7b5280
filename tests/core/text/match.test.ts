import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/text/fold.js';
import { inflections } from '../../../src/core/text/inflection.js';
import { containsTerm, findAllTerms, findFirstTerm } from '../../../src/core/text/match.js';
import { tokenize } from '../../../src/core/text/tokens.js';

describe('fold', () => {
  it('removes case, accents and ligatures and unifies apostrophes', () => {
    expect(fold('Désolée, l’ŒUVRE à Noël')).toBe("desolee, l'oeuvre a noel");
  });
});

describe('tokenize', () => {
  it('splits elisions and hyphens but keeps offsets of the original text', () => {
    const text = 'Bonjour, l’équipe vous donne rendez-vous à 7h00 !';
    const tokens = tokenize(text);
    expect(tokens.map((token) => token.folded)).toEqual(['bonjour', "l'", 'equipe', 'vous', 'donne', 'rendez', 'vous', 'a', '7h00']);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
  });

  it('keeps offsets right around ligatures', () => {
    const text = "Cœur d'œuvre";
    expect(tokenize(text).map((token) => [token.text, token.folded])).toEqual([
      ['Cœur', 'coeur'],
      ["d'", "d'"],
      ['œuvre', 'oeuvre'],
    ]);
  });
});

describe('inflections', () => {
  it.each([
    ['raciste', ['racistes']],
    ['agressif', ['agressive', 'agressives', 'agressifs']],
    ['erroné', ['erronee', 'erronees', 'errones']],
    ['menteur', ['menteuse', 'menteurs']],
    ['con', ['conne', 'connes', 'cons']],
    ['nul', ['nulle', 'nulles', 'nuls']],
    ['désolé', ['desolee', 'desoles', 'desolees']],
    ['national', ['nationaux', 'nationale']],
    ['dangereux', ['dangereuse']],
  ])('%s gives %j', (word, forms) => {
    const all = inflections(word);
    for (const form of forms) expect(all).toContain(form);
  });

  it('does not invent a form that is another word', () => {
    expect(inflections('con')).not.toContain('cone');
  });
});

describe('term matching (docs/scenarios.md)', () => {
  it('is case- and accent-insensitive', () => {
    expect(containsTerm('Nous sommes DESOLES', 'désolés')).toBe(true);
    expect(containsTerm('Réouverture mardi', 'reouverture')).toBe(true);
  });

  it('matches whole words only', () => {
    expect(containsTerm('Merci pour ce conseil', 'con')).toBe(false);
    expect(containsTerm('Je suis content', 'con')).toBe(false);
    expect(containsTerm('Quel con', 'con')).toBe(true);
  });

  it('matches plural and feminine forms both ways', () => {
    expect(containsTerm('des propos racistes', 'raciste')).toBe(true);
    expect(containsTerm('une réponse agressive', 'agressif')).toBe(true);
    expect(containsTerm('une information erronée', 'erroné')).toBe(true);
    expect(containsTerm('nous sommes désolés', 'désolée')).toBe(true);
  });

  it('matches phrases with any spacing, hyphen or apostrophe', () => {
    expect(containsTerm('Pas  de\nsouci !', 'pas de souci')).toBe(true);
    expect(containsTerm('C’est n’importe quoi', "n'importe quoi")).toBe(true);
    expect(containsTerm('à tout à l heure', "à tout à l'heure")).toBe(false);
    expect(containsTerm('prenons rendez vous', 'rendez-vous')).toBe(true);
    expect(containsTerm("l'équipe", 'équipe')).toBe(true);
    expect(containsTerm('pas vraiment de souci', 'pas de souci')).toBe(false);
  });

  it('returns the words as written, for evidence', () => {
    expect(findFirstTerm('Alors, PAS DE SOUCI pour ça', ['souci', 'pas de souci'])).toEqual({
      term: 'pas de souci',
      text: 'PAS DE SOUCI',
      start: 7,
      end: 19,
    });
    expect(findAllTerms('merci, merci beaucoup', ['merci']).map((match) => match.start)).toEqual([0, 7]);
  });
});

describe('figures inside terms', () => {
  it('matches a number glued to its unit or spaced, and thousands with or without a space', () => {
    expect(containsTerm('Réponse sous 48h', '48 h')).toBe(true);
    expect(containsTerm('Réponse sous 48 h', '48h')).toBe(true);
    expect(containsTerm('Plus de 7 000 clients', '7000')).toBe(true);
    expect(containsTerm('Plus de 7000 clients', '7 000')).toBe(true);
    expect(containsTerm('Ouvert dès 7h00', '7 h')).toBe(true);
    expect(containsTerm('Réponse sous 480 h', '48 h')).toBe(false);
  });
});
