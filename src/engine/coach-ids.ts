/**
 * The ids of the coach desk: a competency's checklist prompt (`coach:C3`) and an artefact's form
 * (`artefact:editorial-line`). Competency ids (C1–C7) never contain « : ».
 */

/** The documents a candidate can have checked, by the kind their form names. */
export const ARTEFACT_KINDS = ['editorial-line', 'reporting', 'publication', 'action-plan', 'actions'] as const;
export type ArtefactKind = (typeof ARTEFACT_KINDS)[number];

/** The id after `kind:`, when the id is that kind with one non-empty part. */
function single(id: string, kind: string): string | undefined {
  const [head, value, ...rest] = id.split(':');
  return head === kind && value && rest.length === 0 ? value : undefined;
}

export const checklistPrompt = {
  format(competencyId: string): string {
    return `coach:${competencyId}`;
  },

  /** The competency a checklist prompt is about (whether it still exists is the desk's to say). */
  parse(id: string): string | undefined {
    return single(id, 'coach');
  },
};

export const artefactForm = {
  format(kind: ArtefactKind): string {
    return `artefact:${kind}`;
  },

  parse(id: string): ArtefactKind | undefined {
    const kind = single(id, 'artefact');
    return ARTEFACT_KINDS.find((known) => known === kind);
  },
};
