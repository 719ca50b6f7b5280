import type { LocatedMessage } from '../validation/messages.js';

/**
 * Rules that span several fields (unique ids, resolvable references, coherent expectations).
 * They run on the raw document, tolerant of other faults, so that one file reports all its
 * problems at once instead of one per edit.
 */

type Raw = Record<string, unknown>;

function record(value: unknown): Raw | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function duplicates(
  items: unknown[],
  key: (item: unknown) => unknown,
  path: (index: number) => LocatedMessage['path'],
  what: string,
): LocatedMessage[] {
  const seen = new Map<string, number>();
  const out: LocatedMessage[] = [];
  items.forEach((item, index) => {
    const value = key(item);
    if (typeof value !== 'string') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else out.push({ path: path(index), message: `${what} « ${value} » en double (déjà utilisé à l'élément ${first})` });
  });
  return out;
}

function hasContactChannel(contact: Raw | undefined): boolean {
  if (!contact) return false;
  return contact.private_message === true || ['email', 'phone', 'url'].some((key) => typeof contact[key] === 'string');
}

const WRITTEN_ACTIONS: readonly unknown[] = ['reply', 'private_message'];

/**
 * `reply.required` must agree with the comment: a comment that needs no action needs no written
 * answer, and a reply cannot be optional when every acceptable action is a written one. (A required
 * reply where no written action is expected is the reply block's own rule.)
 */
function requiredRules(required: unknown, needsAction: unknown, expected: unknown[], path: LocatedMessage['path']): LocatedMessage[] {
  if (required === true && needsAction === false) {
    return [{ path, message: 'required vaut true mais needs_action vaut false ; attendu : needs_action: true (une réponse écrite est une action), ou retirer required' }];
  }
  if (required === false && needsAction === true && expected.length > 0 && expected.every((action) => WRITTEN_ACTIONS.includes(action))) {
    return [{
      path,
      message: 'required vaut false mais toutes les actions attendues sont écrites (reply, private_message), donc une bonne réponse est forcément écrite ; attendu : retirer required, ou ajouter à actions.expected une action non écrite (like, hide…)',
    }];
  }
  return [];
}

/**
 * Why the comment calls for a written answer (docs/scenarios.md, `required`): `reply.required`, else
 * every expected action is written; undefined when it does not.
 */
function writtenAnswerReason(comment: Raw, expected: unknown[]): string | undefined {
  const required = record(comment.reply)?.required;
  if (typeof required === 'boolean') return required ? 'reply.required vaut true' : undefined;
  const allWritten = comment.needs_action === true && expected.length > 0 && expected.every((action) => WRITTEN_ACTIONS.includes(action));
  return allWritten ? 'toutes les actions attendues sont écrites' : undefined;
}

const MODEL_TEXTS = [
  ['reply', 'la réponse publique'],
  ['private_message', 'le message privé'],
] as const;

/**
 * The model answer must be one the comment's own expectations accept: no forbidden action, an
 * expected one when an action is needed, nothing at all when none is, a text for each written
 * action and only for those, and a written answer where the comment calls for one.
 */
function modelRules(comment: Raw, expected: unknown[], forbidden: unknown[], base: LocatedMessage['path']): LocatedMessage[] {
  const model = record(comment.model);
  if (!model) return [];
  const out: LocatedMessage[] = [];
  const at = [...base, 'model'] as const;
  const actions = list(model.actions);
  const known = actions.filter((action): action is string => typeof action === 'string');

  if (known.includes('none') && actions.length > 1) {
    out.push({ path: [...at, 'actions'], message: '« none » doit rester seul ; attendu : [none] ou une liste d\'actions sans « none »' });
  }
  out.push(...duplicates(actions, (a) => a, (i) => [...at, 'actions', i], 'action'));
  actions.forEach((action, i) => {
    if (typeof action === 'string' && forbidden.includes(action)) {
      out.push({ path: [...at, 'actions', i], message: `l'action « ${action} » est interdite pour ce commentaire (actions.forbidden) ; attendu : une réponse modèle sans action interdite` });
    }
  });
  if (comment.needs_action === true && known.length > 0 && !known.some((action) => expected.includes(action))) {
    const wanted = expected.filter((action): action is string => typeof action === 'string');
    out.push({ path: [...at, 'actions'], message: `aucune des actions attendues n'est choisie ; attendu : au moins l'une de ${wanted.join(', ')}` });
  }
  if (comment.needs_action === false && known.length > 0 && !(known.length === 1 && known[0] === 'none')) {
    out.push({ path: [...at, 'actions'], message: 'needs_action vaut false ; attendu : actions: [none] dans la réponse modèle (ou needs_action: true si une action est nécessaire)' });
  }
  for (const [kind, label] of MODEL_TEXTS) {
    const chosen = known.includes(kind);
    const given = model[kind] !== undefined;
    if (chosen && !given) out.push({ path: at, message: `${kind} fait partie des actions mais ${label} n'est pas rédigé${kind === 'reply' ? 'e' : ''} ; attendu : ${kind}: "…" (le texte qu'un jury signerait)` });
    if (given && !chosen) out.push({ path: [...at, kind], message: `${label} est rédigé${kind === 'reply' ? 'e' : ''} mais ${kind} ne fait pas partie des actions ; attendu : ajouter ${kind} à model.actions, ou retirer ce texte` });
  }
  const written = writtenAnswerReason(comment, expected);
  if (written && known.length > 0 && !known.some((action) => WRITTEN_ACTIONS.includes(action))) {
    out.push({ path: [...at, 'actions'], message: `ce commentaire appelle une réponse écrite (${written}) ; attendu : reply ou private_message dans la réponse modèle, avec son texte` });
  }
  return out;
}

export function coherenceRules(raw: unknown): LocatedMessage[] {
  const root = record(raw);
  if (!root) return [];
  const out: LocatedMessage[] = [];
  const charter = record(root.charter);
  const facts = list(charter?.facts);
  const factIds = new Set(facts.map((fact) => record(fact)?.id).filter((id): id is string => typeof id === 'string'));

  out.push(...duplicates(facts, (fact) => record(fact)?.id, (i) => ['charter', 'facts', i, 'id'], 'identifiant de fait'));

  const comments = list(root.comments);
  out.push(...duplicates(comments, (comment) => record(comment)?.id, (i) => ['comments', i, 'id'], 'identifiant de commentaire'));

  comments.forEach((rawComment, c) => {
    const comment = record(rawComment);
    if (!comment) return;
    const base = ['comments', c] as const;
    const actions = record(comment.actions);
    const expected = list(actions?.expected);
    const forbidden = list(actions?.forbidden);

    if (expected.includes('none') && expected.length > 1) {
      out.push({ path: [...base, 'actions', 'expected'], message: '« none » doit rester seul ; attendu : [none] ou une liste d\'actions sans « none »' });
    }
    out.push(...duplicates(expected, (a) => a, (i) => [...base, 'actions', 'expected', i], 'action'));
    out.push(...duplicates(forbidden, (a) => a, (i) => [...base, 'actions', 'forbidden', i], 'action'));
    forbidden.forEach((action, i) => {
      if (typeof action === 'string' && expected.includes(action)) {
        out.push({
          path: [...base, 'actions', 'forbidden', i],
          message: `l'action « ${action} » est à la fois attendue et interdite ; attendu : des listes sans élément commun`,
        });
      }
    });
    if (comment.needs_action === true && expected.includes('none')) {
      out.push({
        path: [...base, 'actions', 'expected'],
        message: 'needs_action vaut true mais « none » est attendu ; attendu : les actions qui conviennent (reply, hide…)',
      });
    }
    if (comment.needs_action === false && expected.length > 0 && !(expected.length === 1 && expected[0] === 'none')) {
      out.push({
        path: [...base, 'actions', 'expected'],
        message: 'needs_action vaut false ; attendu : expected: [none] (ou needs_action: true si une action est nécessaire)',
      });
    }

    out.push(...modelRules(comment, expected, forbidden, base));

    const reply = record(comment.reply);
    if (!reply) return;
    out.push(...requiredRules(reply.required, comment.needs_action, expected, [...base, 'reply', 'required']));
    if (expected.length > 0 && !expected.includes('reply') && !expected.includes('private_message')) {
      out.push({
        path: [...base, 'reply'],
        message: 'un bloc « reply » est donné mais ni reply ni private_message ne sont attendus ; attendu : ajouter l\'une de ces actions à actions.expected, ou retirer le bloc',
      });
    }
    const cover = list(reply.must_cover);
    out.push(...duplicates(cover, (item) => record(item)?.id, (i) => [...base, 'reply', 'must_cover', i, 'id'], 'identifiant de couverture'));
    cover.forEach((rawItem, i) => {
      const item = record(rawItem);
      if (!item) return;
      const hasAny = item.any !== undefined;
      const hasFact = item.fact !== undefined;
      if (hasAny === hasFact) {
        out.push({
          path: [...base, 'reply', 'must_cover', i],
          message: hasAny
            ? 'choisissez « any » ou « fact », pas les deux'
            : 'attendu : « any: [mots…] » (un des mots suffit) ou « fact: <id d\'un fait de la charte> »',
        });
      }
      if (typeof item.fact === 'string' && !factIds.has(item.fact)) {
        const known = [...factIds];
        out.push({
          path: [...base, 'reply', 'must_cover', i, 'fact'],
          message: `fait « ${item.fact} » introuvable dans charter.facts ; attendu : ${known.length > 0 ? `un de ${known.join(', ')}` : 'un fait déclaré dans charter.facts'}`,
        });
      }
    });
    if (reply.invite_private === true && !hasContactChannel(record(charter?.contact))) {
      out.push({
        path: [...base, 'reply', 'invite_private'],
        message: 'invite_private demande un canal privé, mais la charte n\'en offre aucun ; attendu : charter.contact avec private_message: true, un email, un téléphone ou une url',
      });
    }
  });

  return out;
}
