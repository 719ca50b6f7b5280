import { containsTerm } from '../../text/match.js';
import { excerpt } from '../labels.js';
import type { Check } from '../types.js';

/** Cr7.2: the public reply carries the charter's signature, when it has one. */
export const signature: Check = {
  id: 'signature',
  criterion: 'Cr7.2',
  applies: ({ reply, scenario }) => reply !== undefined && scenario.charter.signature !== undefined,
  run({ reply, scenario }) {
    const expected = scenario.charter.signature ?? '';
    if (reply && containsTerm(reply.text, expected)) return { passed: true, message: `Signature de la charte présente (« ${expected} »).` };
    return {
      passed: false,
      message: `La charte demande de signer « ${expected} » ; la signature manque dans la réponse publique.`,
      evidence: excerpt(reply?.text.source.slice(-60) ?? ''),
    };
  },
};
