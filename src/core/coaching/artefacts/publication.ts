import { z } from 'zod';
import { NETWORK_LABELS, plural } from '../../rubric/labels.js';
import { NETWORKS, type Network } from '../../scenario/schema.js';
import type { Speller } from '../../text/spelling.js';
import { validateYaml, type Validated } from '../../validation/yaml.js';
import type { ArtefactCheck } from './editorial-line.js';

export const publicationSchema = z.strictObject({
  network: z.enum(NETWORKS),
  text: z.string().trim().min(1),
  media: z.array(z.strictObject({ type: z.enum(['photo', 'video', 'carrousel', 'sondage', 'gif']), alt: z.string().trim().optional(), subtitles: z.boolean().optional() })).default([]),
});

export type Publication = z.infer<typeof publicationSchema>;

export const PUBLICATION_TEMPLATE = `# Une publication — à compléter, puis « coach check publication »
network: instagram        # x, tiktok, linkedin, instagram, facebook, youtube
text: |
  Première fournée à 5 h : Hugo, notre apprenti, vous montre le geste du façonnage 🥖
  Envie d'apprendre le métier ? Nos offres d'apprentissage sont en ligne.
  @CFA.Lauzac #ApprentiBoulanger #BoulangerieArtisanale #Lauzac
media:
  - type: photo
    alt: Un apprenti boulanger façonne des baguettes sur le plan de travail fariné
`;

/** How many hashtags each network's norms allow (min, max). */
const HASHTAGS: Record<Network, [number, number]> = { x: [0, 2], tiktok: [3, 5], linkedin: [0, 3], instagram: [3, 10], facebook: [0, 2], youtube: [0, 3] };
const EMOJI = /\p{RGI_Emoji}/gv;
const graphemes = new Intl.Segmenter('fr', { granularity: 'grapheme' });

export function parsePublication(source: string, file = 'publication.yaml'): Validated<Publication> {
  return validateYaml(source, file, publicationSchema, { expectedContent: 'une publication (network, text, media)' });
}

/** Cr4.1 and Cr4.2 on one publication, with the scorer's spelling engine. */
export function checkPublication(publication: Publication, lengthLimits: Record<Network, number>, speller: Speller): ArtefactCheck[] {
  const { network, text, media } = publication;
  const checks: ArtefactCheck[] = [];
  const length = [...graphemes.segment(text)].length;
  const limit = lengthLimits[network];
  checks.push({ id: 'pub_length', criterion: 'Cr4.1', passed: length <= limit, message: length <= limit ? `${length} caractères, dans la limite de ${NETWORK_LABELS[network]} (${limit}).` : `${length} caractères : ${NETWORK_LABELS[network]} en accepte ${limit}.` });
  const misspelled = speller.check(text.replace(/[#@][\p{L}\p{N}_.]+/gu, ' '));
  checks.push({ id: 'pub_spelling', criterion: 'Cr4.2', passed: misspelled.length === 0, message: misspelled.length === 0 ? 'Aucune faute relevée.' : `${plural(misspelled.length, 'mot')} à vérifier.`, ...(misspelled.length > 0 ? { evidence: misspelled.map((entry) => entry.word).join(', ') } : {}) });
  const hashtags = text.match(/#[\p{L}\p{N}_]+/gu) ?? [];
  const [min, max] = HASHTAGS[network];
  checks.push({ id: 'pub_hashtag_count', criterion: 'Cr4.1', passed: hashtags.length >= min && hashtags.length <= max, message: hashtags.length >= min && hashtags.length <= max ? `${plural(hashtags.length, 'hashtag')}, dans l’usage de ${NETWORK_LABELS[network]} (${min} à ${max}).` : `${plural(hashtags.length, 'hashtag')} : l’usage sur ${NETWORK_LABELS[network]} est de ${min} à ${max}.`, ...(hashtags.length > 0 ? { evidence: hashtags.join(' ') } : {}) });
  // A long hashtag in one case hides its words from screen readers: CamelCase them.
  const unreadable = hashtags.filter((tag) => tag.length > 10 && (tag.slice(1) === tag.slice(1).toLowerCase() || tag.slice(1) === tag.slice(1).toUpperCase()));
  checks.push({ id: 'pub_hashtag_camelcase', criterion: 'Cr4.1', passed: unreadable.length === 0, message: unreadable.length === 0 ? 'Hashtags lisibles par les lecteurs d’écran.' : 'Écrivez les hashtags de plusieurs mots en CamelCase (#ApprentiBoulanger), lisibles par les lecteurs d’écran.', ...(unreadable.length > 0 ? { evidence: unreadable.join(' ') } : {}) });
  const missingAlt = media.filter((item) => (item.type === 'video' ? !item.subtitles && !(item.alt && item.alt.split(/\s+/).length >= 3) : !(item.alt && item.alt.split(/\s+/).length >= 3)));
  checks.push({ id: 'pub_media_accessible', criterion: 'Cr4.1', passed: media.length > 0 && missingAlt.length === 0, message: media.length === 0 ? 'Aucun média : une publication attend un visuel, une vidéo ou un sondage.' : missingAlt.length === 0 ? 'Chaque média a son texte alternatif (ou ses sous-titres).' : 'Un média n’a pas de texte alternatif (au moins 3 mots) ni de sous-titres.', ...(missingAlt.length > 0 ? { evidence: missingAlt.map((item) => item.type).join(', ') } : {}) });
  const emoji = text.match(EMOJI)?.length ?? 0;
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
  checks.push({ id: 'pub_emoji', criterion: 'Cr4.1', passed: emoji <= Math.max(1, Math.floor(words / 10)), message: emoji <= Math.max(1, Math.floor(words / 10)) ? 'Les émojis accompagnent le texte sans remplacer les mots.' : `${emoji} émojis pour ${words} mots : ils remplacent des mots que les lecteurs d’écran liront mal.` });
  const elements = [hashtags.length > 0 && 'hashtags', /@[\p{L}\p{N}_.]+/u.test(text) && 'mention', /https?:\/\/|www\./.test(text) && 'lien', emoji > 0 && 'émoji', media.length > 0 && 'média'].filter(Boolean);
  checks.push({ id: 'pub_elements', criterion: 'Cr4.1', passed: true, message: `Éléments présents : texte${elements.length > 0 ? `, ${elements.join(', ')}` : ''}.` });
  return checks;
}
