import { findPersonalData, PERSONAL_DATA_LABELS, type PersonalDataFinding } from '../../text/personal-data.js';
import type { Scenario, ScenarioComment } from '../../scenario/schema.js';
import type { Check } from '../types.js';

const officialCache = new WeakMap<Scenario, Set<string>>();
const commenterCache = new WeakMap<ScenarioComment, Set<string>>();

/** The brand's own published details (contact, facts, post) are not anyone's personal data. */
export function officialData(scenario: Scenario): Set<string> {
  let values = officialCache.get(scenario);
  if (!values) {
    const { contact, facts } = scenario.charter;
    values = new Set(
      [contact.email, contact.phone, contact.url, ...facts.map((fact) => fact.text), scenario.post.text]
        .filter((value): value is string => value !== undefined)
        .flatMap((value) => findPersonalData(value).map((finding) => finding.value)),
    );
    officialCache.set(scenario, values);
  }
  return values;
}

function commenterData(comment: ScenarioComment): Set<string> {
  let values = commenterCache.get(comment);
  if (!values) {
    values = new Set(findPersonalData(comment.text).map((finding) => finding.value));
    commenterCache.set(comment, values);
  }
  return values;
}

/** Cr7.2 (critical): the public reply exposes no personal data other than the brand's own published contact details. */
export const personalData: Check = {
  id: 'personal_data',
  criterion: 'Cr7.2',
  applies: ({ reply }) => reply !== undefined,
  run({ reply, scenario, comment }) {
    const official = officialData(scenario);
    const exposed: PersonalDataFinding | undefined = findPersonalData(reply?.text.source ?? '').find((finding) => !official.has(finding.value));
    if (!exposed) return { passed: true, message: 'Aucune donnée personnelle exposée en public.' };
    const whose = commenterData(comment).has(exposed.value) ? " : c'est celle de l'auteur du commentaire, à ne jamais répéter en public" : '';
    return {
      passed: false,
      message: `Donnée personnelle dans la réponse publique (${PERSONAL_DATA_LABELS[exposed.kind]})${whose}. Traitez-la en message privé.`,
      evidence: exposed.evidence,
    };
  },
};
