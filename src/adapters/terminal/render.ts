import type { View } from '../../engine/views.js';
import { yesNo } from './choices.js';
import { feedbackText } from '../shared/feedback.js';

/** Colours only on a TTY, so that piped output stays plain text. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const ansi: Style = { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
export const plain: Style = { bold: (t) => t, dim: (t) => t, green: (t) => t, red: (t) => t, yellow: (t) => t, cyan: (t) => t };

/** Figures as French readers write them: « 4 230 ». */
export function figure(value: number): string {
  return value.toLocaleString('fr-FR');
}

export function remaining(deadline: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The text of a view, as the terminal prints it (prompts and forms list their choices and fields). */
export function renderView(view: View, style: Style, now: number): string {
  switch (view.kind) {
    case 'notice': {
      const colour = { info: style.cyan, success: style.green, warning: style.yellow, error: style.red }[view.tone];
      return colour(view.text);
    }
    case 'case':
      return [
        style.bold(`\n══ ${view.title} ══`),
        // Multi-line texts (the post) stay indented; the time left shows on the prompt that follows.
        ...view.sections.flatMap((section) => [style.bold(`\n${section.heading}`), ...section.lines.flatMap((line) => line.split('\n')).map((line) => `  ${line}`)]),
      ].join('\n');
    case 'prompt': {
      const header = [view.progress ? style.dim(view.progress) : undefined, view.deadline !== undefined ? style.yellow(`⏱ ${remaining(view.deadline, now)}`) : undefined].filter(Boolean).join('  ');
      return [
        ...(header ? [`\n${header}`] : ['']),
        style.bold(view.text),
        ...view.choices.map((choice, index) => `  ${index + 1}. ${choice.label}`),
        style.dim(view.multiple ? 'Numéros séparés par des virgules (ex. 1,3 ou « réponse, message ») :' : yesNo(view) ? 'Votre choix (numéro, ou « oui » / « non ») :' : 'Votre choix (numéro ou premier mot) :'),
      ].join('\n');
    }
    case 'form':
      return [
        `\n${style.bold(view.title)}`,
        ...(view.rules && view.rules.length > 0 ? [style.bold('Règles pour vos textes :'), ...view.rules.map((rule) => `  • ${rule}`)] : []),
        style.dim('Chaque texte peut tenir sur plusieurs lignes ; une ligne vide le termine. « case » seul sur une ligne : relire le cas et la charte.'),
      ].join('\n');
    case 'feedback': {
      // Checks by their French names (feedbackText), colours for what failed and passed; continuation lines indented.
      const { comments, criteria } = feedbackText(view, { text: (text) => text, strong: (text) => text, quote: style.dim, failed: style.red, passed: style.green });
      const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`);
      const lines = [style.bold(`\n── ${view.title} ──`)];
      for (const comment of comments) {
        lines.push(style.bold(comment.heading) + (comment.answered ? '' : style.dim(' — sans réponse')));
        lines.push(...comment.lines.flatMap((line) => indent(line, '  ')));
        if (comment.attempt) lines.push(...indent(style.cyan(comment.attempt), '  '));
        // The model answer after the feedback, its continuation lines under it.
        if (comment.model.length > 0) lines.push(...comment.model.flatMap((line, index) => indent(index === 0 ? style.bold(line) : line, '  ')));
      }
      for (const criterion of criteria) {
        const [first = '', ...rest] = criterion.result.split('\n');
        lines.push(`${style.bold(criterion.heading)} : ${first}`, ...rest.map((line) => `  ${line}`));
      }
      return lines.join('\n');
    }
    case 'file':
      return style.dim(`(document « ${view.title} » : ${view.filename}, à ouvrir depuis Slack ou Discord)`);
  }
}
