import { findPersonalData } from '../../text/personal-data.js';
import { findFirstTerm } from '../../text/match.js';
import { fold } from '../../text/fold.js';
import { excerpt } from '../labels.js';
import type { Check } from '../types.js';
import { officialData } from './personal-data.js';

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** Cr7.2: when the case calls for it, the public reply moves the exchange to a private channel. */
export const privateRedirect: Check = {
  id: 'private_redirect',
  criterion: 'Cr7.2',
  applies: ({ reply, comment }) => reply !== undefined && comment.reply?.invite_private === true,
  run({ reply, scenario, resources }) {
    const source = reply?.text.source ?? '';
    const phrase = reply ? findFirstTerm(reply.text, resources.lexicons.redirect) : undefined;
    if (phrase) return { passed: true, message: `Invitation à poursuivre en privé (« ${phrase.text} »).` };
    const { contact } = scenario.charter;
    const channel = findPersonalData(source).find((finding) => officialData(scenario).has(finding.value));
    if (channel) return { passed: true, message: `Canal de contact officiel donné (« ${channel.evidence} »).` };
    const host = contact.url ? hostOf(contact.url) : undefined;
    if (host && fold(source).includes(fold(host))) return { passed: true, message: `Canal de contact officiel donné (« ${host} »).` };
    return {
      passed: false,
      message: 'Ce cas se traite en privé : la réponse publique doit inviter à poursuivre en message privé ou donner un canal de contact officiel de la charte.',
      evidence: excerpt(source),
    };
  },
};
