import { findPersonalData, PERSONAL_DATA_LABELS, type PersonalDataFinding } from '../../text/personal-data.js';
import type { Check } from '../types.js';

/** Cr7.2 (critical): the public reply exposes no personal data other than the brand's own published contact details. */
export const personalData: Check = {
  id: 'personal_data',
  criterion: 'Cr7.2',
  applies: ({ reply }) => reply !== undefined,
  run({ reply, scenario, comment }) {
    const { contact, facts } = scenario.charter;
    // The brand's own published details (contact, facts, post) are not anyone's personal data.
    const official = new Set(
      [contact.email, contact.phone, contact.url, ...facts.map((fact) => fact.text), scenario.post.text]
        .filter((value): value is string => value !== undefined)
        .flatMap((value) => findPersonalData(value).map((finding) => finding.value)),
    );
    const commenterData = new Set(findPersonalData(comment.text).map((finding) => finding.value));
    const exposed: PersonalDataFinding | undefined = findPersonalData(reply?.text.source ?? '').find((finding) => !official.has(finding.value));
    if (!exposed) return { passed: true, message: 'Aucune donnée personnelle exposée en public.' };
    const whose = commenterData.has(exposed.value) ? " : c'est celle de l'auteur du commentaire, à ne jamais répéter en public" : '';
    return {
      passed: false,
      message: `Donnée personnelle dans la réponse publique (${PERSONAL_DATA_LABELS[exposed.kind]})${whose}. Traitez-la en message privé.`,
      evidence: exposed.evidence,
    };
  },
};
