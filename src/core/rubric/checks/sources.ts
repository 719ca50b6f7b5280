import type { CommentContext } from '../types.js';

/** The texts a reply may take figures from: the charter's facts and contact, the post, the comment. */
export function factSources({ scenario, comment }: CommentContext): string[] {
  const { contact, facts } = scenario.charter;
  return [
    ...facts.map((fact) => fact.text),
    ...[contact.email, contact.phone, contact.url].filter((value): value is string => value !== undefined),
    scenario.brand.name,
    scenario.post.text,
    comment.author,
    comment.text,
  ];
}
