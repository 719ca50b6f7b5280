import { findAddressForms, speaksForGroup } from '../../text/register.js';
import type { Check } from '../types.js';
import { hasText, overTexts } from './over-texts.js';

/** Cr7.2: the charter's address form (vous or tu) is kept. */
export const register: Check = {
  id: 'register',
  criterion: 'Cr7.2',
  applies: hasText,
  run(context) {
    const expected = context.scenario.charter.register;
    // « vous » to a commenter who writes for a group addresses that group, not one person.
    const groupComment = speaksForGroup(context.comment.text);
    return overTexts(
      context,
      ({ text, label }) => {
        const forms = findAddressForms(text);
        if (expected === 'vous' && forms.tu[0]) {
          return { message: `La charte impose le vouvoiement ; « ${forms.tu[0].word} » apparaît dans ${label}.`, evidence: forms.tu[0].word };
        }
        if (expected === 'tu' && forms.vous[0] && !groupComment) {
          return { message: `La charte impose le tutoiement ; « ${forms.vous[0].word} » vouvoie la personne dans ${label}.`, evidence: forms.vous[0].word };
        }
        return undefined;
      },
      `Registre de la charte respecté (${expected === 'vous' ? 'vouvoiement' : 'tutoiement'}).`,
    );
  },
};
