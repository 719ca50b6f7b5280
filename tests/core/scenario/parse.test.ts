import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioSource } from '../../../src/core/scenario/parse.js';
import { formatProblem } from '../../../src/core/validation/problem.js';
import { ROOT } from '../../helpers/cli.js';

const BROKEN = join(ROOT, 'tests/fixtures/scenarios-broken');
const VALID = join(ROOT, 'tests/fixtures/scenarios-valid/boulangerie-fermeture.yaml');

/** Every fault of the corpus, as the trainer reads it: `<file>:line:column: path : message`. */
const EXPECTED: Array<[string, string[]]> = [
  ["Boulangerie_Fermeture.yaml", [":1:1: id : identifiant invalide ; attendu : minuscules, chiffres et tirets (kebab-case), ex. boulangerie-fermeture"]],
  ["action-typo.yaml", [":66:18: comments[2].actions.expected[0] : valeur « delte » inconnue ; attendu : une de none, like, reply, private_message, hide, delete, report, ban, escalate (vouliez-vous dire « delete » ?)"]],
  ["boulangerie-ancienne.yml", [": extension .yml ; attendu : .yaml (renommer en boulangerie-ancienne.yaml)"]],
  ["category-typo.yaml", [":63:5: comments[2].category : valeur « spamm » inconnue ; attendu : une de praise, question, complaint, criticism, suggestion, troll, spam, insult, hate, harassment, personal_data, misinformation, off_topic, crisis (vouliez-vous dire « spam » ?)"]],
  ["comment-id-duplicate.yaml", [":69:5: comments[3].id : identifiant de commentaire « c2 » en double (déjà utilisé à l'élément 1)"]],
  ["comments-empty.yaml", [":33:1: comments : liste trop courte ; attendu : au moins 1 élément"]],
  ["cover-any-and-fact.yaml", [":46:11: comments[0].reply.must_cover[1] : choisissez « any » ou « fact », pas les deux"]],
  ["email-invalid.yaml", [":24:5: charter.contact.email : adresse e-mail invalide ; attendu : nom@domaine.fr"]],
  ["empty-file.yaml", [": fichier vide ; attendu : un scénario (id, title, network, brand, charter, post, comments)"]],
  ["expected-and-forbidden.yaml", [":76:24: comments[3].actions.forbidden[1] : l'action « hide » est à la fois attendue et interdite ; attendu : des listes sans élément commun"]],
  ["fact-unknown.yaml", [":47:11: comments[0].reply.must_cover[1].fact : fait « reouverture » introuvable dans charter.facts ; attendu : un de reopening, works"]],
  ["id-mismatch.yaml", [":1:1: id : l'id « boulangerie-travaux » diffère du nom du fichier ; attendu : « id-mismatch » (ou renommer le fichier en boulangerie-travaux.yaml)"]],
  ["invite-private-without-channel.yaml", [":78:7: comments[3].reply.invite_private : invite_private demande un canal privé, mais la charte n'en offre aucun ; attendu : charter.contact avec private_message: true, un email, un téléphone ou une url"]],
  ["key-unknown.yaml", [":15:3: charter.forbiden_terms : clé inconnue « forbiden_terms » (vouliez-vous dire « forbidden_terms » ?) ; clés permises ici : register, tone, emoji, signature, preferred_terms, forbidden_terms, facts, contact"]],
  ["model-incoherent.yaml", [
    ":52:24: comments[0].model.actions[1] : l'action « delete » est interdite pour ce commentaire (actions.forbidden) ; attendu : une réponse modèle sans action interdite",
    ":65:23: comments[1].model.actions[1] : action « like » en double (déjà utilisé à l'élément 0)",
    ":79:7: comments[2].model.reply : la réponse publique est rédigée mais reply ne fait pas partie des actions ; attendu : ajouter reply à model.actions, ou retirer ce texte",
    ":96:7: comments[3].model.actions : ce commentaire appelle une réponse écrite (reply.required vaut true) ; attendu : reply ou private_message dans la réponse modèle, avec son texte",
    ":108:7: comments[4].model.actions : « none » doit rester seul ; attendu : [none] ou une liste d'actions sans « none »",
    ":108:7: comments[4].model.actions : needs_action vaut false ; attendu : actions: [none] dans la réponse modèle (ou needs_action: true si une action est nécessaire)",
    ":119:5: comments[5].model : reply fait partie des actions mais la réponse publique n'est pas rédigée ; attendu : reply: \"…\" (le texte qu'un jury signerait)",
  ]],
  ["needs-action-not-boolean.yaml", [":55:5: comments[1].needs_action : le texte « oui » ne convient pas ; attendu : true ou false"]],
  ["network-unknown.yaml", [":4:1: network : valeur « twitter » inconnue ; attendu : une de facebook, instagram, linkedin, x, tiktok, youtube"]],
  ["no-action-but-reply-expected.yaml", [":89:7: comments[4].actions.expected : needs_action vaut false ; attendu : expected: [none] (ou needs_action: true si une action est nécessaire)"]],
  ["none-mixed.yaml", [":98:7: comments[5].actions.expected : « none » doit rester seul ; attendu : [none] ou une liste d'actions sans « none »", ":98:7: comments[5].actions.expected : needs_action vaut true mais « none » est attendu ; attendu : les actions qui conviennent (reply, hide…)"]],
  ["phone-not-quoted.yaml", [":25:5: charter.contact.phone : le nombre 561000000 ne convient pas ; attendu : un texte (mettez la valeur entre guillemets)"]],
  ["reply-block-without-reply-action.yaml", [":77:5: comments[3].reply : un bloc « reply » est donné mais ni reply ni private_message ne sont attendus ; attendu : ajouter l'une de ces actions à actions.expected, ou retirer le bloc"]],
  ["required-false-all-written.yaml", [":101:7: comments[5].reply.required : required vaut false mais toutes les actions attendues sont écrites (reply, private_message), donc une bonne réponse est forcément écrite ; attendu : retirer required, ou ajouter à actions.expected une action non écrite (like, hide…)"]],
  ["required-not-boolean.yaml", [":50:7: comments[0].reply.required : le texte « oui » ne convient pas ; attendu : true ou false"]],
  ["required-without-action.yaml", [":91:5: comments[4].reply : un bloc « reply » est donné mais ni reply ni private_message ne sont attendus ; attendu : ajouter l'une de ces actions à actions.expected, ou retirer le bloc", ":92:7: comments[4].reply.required : required vaut true mais needs_action vaut false ; attendu : needs_action: true (une réponse écrite est une action), ou retirer required"]],
  ["title-missing.yaml", [":1:1: title : champ obligatoire manquant ; attendu : un texte"]],
  ["top-level-list.yaml", [":1:1: une liste ne convient pas ; attendu : un objet (lignes « clé: valeur »)"]],
  ["yaml-duplicate-key.yaml", [":13:3: YAML invalide : clé en double dans le même objet"]],
  ["yaml-indentation.yaml", [":6:9: YAML invalide : indentation incorrecte sur cette ligne ou la suivante : les clés d'un même objet doivent être alignées"]],
  ["yaml-tab-indent.yaml", [":6:1: YAML invalide : tabulation utilisée pour indenter ; attendu : des espaces", ":7:11: YAML invalide : indentation incorrecte sur cette ligne ou la suivante : les clés d'un même objet doivent être alignées"]],
  ["yaml-unclosed-quote.yaml", [":25:1: YAML invalide : guillemet « \" » ouvert sur cette ligne et jamais refermé"]],
];

function problemsOf(name: string): string[] {
  const source = readFileSync(join(BROKEN, name), 'utf8');
  const result = parseScenarioSource(source, name, basename(name, extname(name)));
  return result.ok ? [] : result.problems.map((problem) => formatProblem(problem).slice(name.length));
}

describe('scenario validation', () => {
  it('accepts the contract example and fills the documented defaults', () => {
    const result = parseScenarioSource(readFileSync(VALID, 'utf8'), VALID, 'boulangerie-fermeture');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.locale).toBe('fr');
    expect(result.scenario.charter.facts.map((fact) => fact.id)).toEqual(['reopening', 'works']);
    expect(result.scenario.comments).toHaveLength(6);
    // A comment without a `reply` block and without optional lists gets empty defaults.
    const praise = result.scenario.comments[1]!;
    expect(praise.reply).toBeUndefined();
    expect(result.scenario.comments[3]!.reply).toEqual({
      must_cover: [{ id: 'thanks', any: ['merci'] }],
      must_avoid: [],
      invite_private: true,
    });
  });

  it('accepts reply.required where it agrees with the comment, and leaves it absent when not given', () => {
    const source = readFileSync(VALID, 'utf8')
      // A praise a jury wants answered in words, though a like is also acceptable.
      .replace('    reasons: [compliment, fidélité]', '    reply:\n      required: true\n    reasons: [compliment, fidélité]')
      // A personal-data case where hiding is enough and the private message is optional.
      .replace('      invite_private: true\n', '      invite_private: true\n      required: false\n');
    const result = parseScenarioSource(source, 'f.yaml', 'boulangerie-fermeture');
    expect(result.ok ? result.scenario.comments.map((comment) => comment.reply?.required) : result.problems).toEqual([undefined, true, undefined, false, undefined, undefined]);
  });

  it('accepts a model answer that the comment accepts, and keeps it as written', () => {
    const source = readFileSync(VALID, 'utf8')
      .replace('    reasons: [compliment, fidélité]\n', '    reasons: [compliment, fidélité]\n    model:\n      actions: [like]\n      justification: "Un compliment de client fidèle : un j\'aime suffit à le remercier."\n')
      .replace('    reasons: [hors sujet]\n', '    reasons: [hors sujet]\n    model:\n      actions: [none]\n      justification: Hors sujet sans gravité, aucune action nécessaire.\n')
      .replace('    reasons: [question, information]', '    reasons: [question, information]\n    model:\n      actions: [reply]\n      justification: Une question sur nos produits, on répond.\n      reply: "Bonjour Anne, oui, chaque dimanche ! L\'équipe Martin"');
    const result = parseScenarioSource(source, 'f.yaml', 'boulangerie-fermeture');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.scenario.comments.map((comment) => comment.model?.actions)).toEqual([undefined, ['like'], undefined, undefined, ['none'], ['reply']]);
    expect(result.scenario.comments[5]!.model).toEqual({ actions: ['reply'], justification: 'Une question sur nos produits, on répond.', reply: "Bonjour Anne, oui, chaque dimanche ! L'équipe Martin" });
  });

  it('refuses a model that picks none of the expected actions, or a private message without its text', () => {
    const source = readFileSync(VALID, 'utf8')
      .replace('    reasons: [compliment, fidélité]\n', '    reasons: [compliment, fidélité]\n    model:\n      actions: [none]\n      justification: Rien à faire.\n')
      .replace('    reasons: [données personnelles, numéro de téléphone]\n', '    reasons: [données personnelles, numéro de téléphone]\n    model:\n      actions: [hide, private_message]\n      justification: Numéro de téléphone en public.\n      unknown: x\n');
    const result = parseScenarioSource(source, 'f.yaml', 'boulangerie-fermeture');
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path} : ${problem.message}`)).toEqual([
      "comments[1].model.actions : aucune des actions attendues n'est choisie ; attendu : au moins l'une de like, reply",
      "comments[3].model : private_message fait partie des actions mais le message privé n'est pas rédigé ; attendu : private_message: \"…\" (le texte qu'un jury signerait)",
      'comments[3].model.unknown : clé inconnue « unknown » ; clés permises ici : actions, justification, reply, private_message',
    ]);
  });

  it('covers at least 15 distinct broken files', () => {
    const files = readdirSync(BROKEN).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(new Set(EXPECTED.map(([name]) => name))).toEqual(new Set([...files, 'boulangerie-ancienne.yml']));
  });

  it.each(EXPECTED.filter(([name]) => name.endsWith('.yaml')))('%s: names the line, the path and what was expected', (name, lines) => {
    expect(problemsOf(name)).toEqual(lines);
  });

  it('reports every fault of a file at once, not one per edit', () => {
    const source = readFileSync(VALID, 'utf8')
      .replace('network: facebook', 'network: twitter')
      .replace('category: spam', 'category: spamm')
      .replace('          fact: reopening', '          fact: reouverture')
      .replace('title: Fermeture exceptionnelle\n', '');
    const result = parseScenarioSource(source, 'f.yaml', 'boulangerie-fermeture');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual([
      'title',
      'network',
      'comments[0].reply.must_cover[1].fact',
      'comments[2].category',
    ]);
  });
});
