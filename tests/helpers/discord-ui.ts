import type { FakeDiscord, FakeMessage } from '../fakes/discord.js';

/** The latest message of the thread that carries components: the question on screen. */
export function findQuestion(fake: FakeDiscord, threadId: string): FakeMessage | undefined {
  return [...fake.messagesIn(threadId)].reverse().find((message) => message.components.length > 0);
}

export function question(fake: FakeDiscord, threadId: string): FakeMessage {
  const found = findQuestion(fake, threadId);
  if (!found) throw new Error(`aucune question dans le fil : ${JSON.stringify(fake.messagesIn(threadId).map((message) => [message.content, message.components]))} ; envois : ${JSON.stringify(fake.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body]))}; échecs : ${JSON.stringify(fake.failures.map((failure) => [failure.path, failure.status, failure.response]))}`);
  return found;
}

export function customIds(message: FakeMessage): string[] {
  return JSON.stringify(message.components).match(/"custom_id":"([^"]+)"/g)!.map((match) => match.slice('"custom_id":"'.length, -1));
}

/** A question other than `previous`, once it is on screen. */
export function nextQuestion(fake: FakeDiscord, threadId: string, previous: string): FakeMessage | undefined {
  const found = findQuestion(fake, threadId);
  return found && found.id !== previous ? found : undefined;
}

/** Everything a learner reads in a message, as Discord received it: content, then each embed's title, text, fields and footer. */
export function readableText(message: FakeMessage): string {
  const parts: string[] = [message.content];
  for (const embed of message.embeds as Array<{ title?: string; description?: string; fields?: Array<{ name: string; value: string }>; footer?: { text: string }; author?: { name: string } }>) {
    parts.push(embed.author?.name ?? '', embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]), embed.footer?.text ?? '');
  }
  return parts.filter(Boolean).join('\n');
}

/** Whitespace-insensitive: a text split across embeds at a line or word boundary still reads the same. */
export function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
