/**
 * The ids of the cohort desk's prompts and forms: the invitation button carries the cohort's join
 * code (codes are letters and digits, never « : »); the launch form has one fixed id.
 */

export const LAUNCH_FORM = 'launch';

export const joinPrompt = {
  format(joinCode: string): string {
    return `join:${joinCode}`;
  },

  /** The join code an invitation's id carries; undefined for any other id, or one without a code. */
  parse(id: string): string | undefined {
    const [kind, code, ...rest] = id.split(':');
    return kind === 'join' && code && rest.length === 0 ? code : undefined;
  },
};
