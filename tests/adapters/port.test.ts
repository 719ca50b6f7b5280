import { describe, expect, it } from 'vitest';
import { registerAdapters, type ChatAdapter } from '../../src/adapters/port.js';
import type { Deliver } from '../../src/engine/engine.js';
import type { DescribeChannel, OpenSpace } from '../../src/engine/cohort-service.js';
import type { View } from '../../src/engine/views.js';

/** An engine that only records what adapters register. */
function recordingEngine() {
  const deliverers = new Map<string, Deliver>();
  const openers = new Map<string, OpenSpace>();
  const describers = new Map<string, DescribeChannel>();
  return {
    deliverers,
    openers,
    describers,
    onDeliver: (platform: string, deliver: Deliver) => void deliverers.set(platform, deliver),
    cohorts: { onOpenSpace: (platform: string, open: OpenSpace) => void openers.set(platform, open), onDescribeChannel: (platform: string, describe: DescribeChannel) => void describers.set(platform, describe) },
  };
}

function adapter(platform: ChatAdapter['platform'], extra: Partial<ChatAdapter> = {}): ChatAdapter & { sent: View[][] } {
  const sent: View[][] = [];
  return { platform, sent, start: async () => undefined, stop: async () => undefined, connected: () => true, deliver: async (_origin, views) => void sent.push(views), ...extra };
}

describe('registering adapters with the engine', () => {
  it('routes each platform’s clock-driven messages, private spaces and named channels to its adapter', async () => {
    const engine = recordingEngine();
    const discord = adapter('discord', { openPrivateSpace: async (member) => `thread-${member.userId}` });
    const slack = adapter('slack', { openPrivateSpace: async (member) => `dm-${member.userId}`, describeChannel: (id) => ({ id, name: 'profs', access: 'private' }) });
    const terminal = adapter('terminal');
    registerAdapters(engine as never, [discord, slack, terminal]);
    expect([...engine.deliverers.keys()]).toEqual(['discord', 'slack', 'terminal']);
    // The terminal opens no private space: its members are not started by a cohort launch.
    expect([...engine.openers.keys()]).toEqual(['discord', 'slack']);
    expect([...engine.describers.keys()]).toEqual(['slack']);
    const notice: View = { kind: 'notice', tone: 'info', text: 'Rappel' };
    await engine.deliverers.get('slack')!({ platform: 'slack', userId: 'U1' }, [notice]);
    expect(slack.sent).toEqual([[notice]]);
    expect(discord.sent).toEqual([]);
    expect(await engine.openers.get('discord')!({ userId: 'u1' } as never, { channels: [] } as never)).toBe('thread-u1');
    expect(engine.describers.get('slack')!('C1')).toEqual({ id: 'C1', name: 'profs', access: 'private' });
  });

  it('refuses two adapters for one platform', () => {
    expect(() => registerAdapters(recordingEngine() as never, [adapter('discord'), adapter('discord')])).toThrow(/deux adaptateurs/);
  });
});
