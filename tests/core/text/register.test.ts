import { describe, expect, it } from 'vitest';
import { findAddressForms, speaksForGroup } from '../../../src/core/text/register.js';

const tuWords = (text: string) => findAddressForms(text).tu.map((form) => form.word);
const vousWords = (text: string) => findAddressForms(text).vous.map((form) => form.word);

describe('tutoiement', () => {
  it.each([
    ['Merci Julie, tu as raison !', ['tu']],
    ['On te répond en message privé.', ['te']],
    ["T'inquiète, on s'en occupe.", ["T'"]],
    ['Et toi, tu en penses quoi ?', ['toi', 'tu']],
    ['Merci pour ton message et ta patience.', ['ton', 'ta']],
    ['On a bien reçu tes photos.', ['tes']],
    ['Ton colis part demain.', ['Ton']],
    ['Notre avis vaut bien le tien.', ['tien']],
    ['Merci d’avoir partagé ton avis', ['ton']],
  ])('finds the tu-forms of « %s »', (text, words) => {
    expect(tuWords(text)).toEqual(words);
  });

  it.each([
    'Nous comprenons, et nous allons répondre sur un ton plus léger.',
    'Le ton de ce message nous a surpris.',
    'Votre ton est peut-être un peu vif.',
    'Il faut parfois changer de ton.',
    'Sur ce ton, la discussion est difficile.',
    "N'hésite pas à revenir vers nous !",
    'Le lien est dans la bio, il a-t-il été mis à jour ?',
    'Nous testons la tenue de route.',
  ])('finds no tutoiement in « %s »', (text) => {
    expect(tuWords(text)).toEqual([]);
  });
});

describe('singular vouvoiement', () => {
  it.each([
    ['Merci pour votre message, vous pouvez nous écrire.', ['votre', 'vous']],
    ['Vos retours comptent.', ['Vos']],
  ])('finds the vous-forms of « %s »', (text, words) => {
    expect(vousWords(text)).toEqual(words);
  });

  it.each([
    'Merci à vous toutes pour ce soutien !',
    'Vous êtes nombreux à nous écrire depuis ce matin.',
    "Chacun d'entre vous recevra une réponse.",
    'Merci à vous tous, à très vite !',
    'Rendez-vous le 14 novembre pour la mise à jour !',
  ])('accepts vous addressed to a group, or the noun rendez-vous, in « %s »', (text) => {
    expect(vousWords(text)).toEqual([]);
  });

  it('still counts a singular vous in another sentence of the same text', () => {
    expect(vousWords('Merci à vous tous ! Julie, vous recevrez un message.')).toEqual(['vous']);
  });
});

describe('commenters who write for a group', () => {
  it.each(['Vous prenez les résas pour samedi soir ? On serait 8 pour un EVG', 'Une table pour 6 personnes ce soir ?', 'Nous serons douze, et avec mes enfants en plus'])('« %s » speaks for a group', (comment) => {
    expect(speaksForGroup(comment)).toBe(true);
  });
  it.each(['Vous prenez les résas pour samedi ?', 'Je suis venue à 8 h ce matin', 'On est déçus'])('« %s » does not', (comment) => {
    expect(speaksForGroup(comment)).toBe(false);
  });
});
