import { REST, Routes } from 'discord.js';
import type { DiscordSettings } from '../../config.js';
import type { Scenario } from '../../core/scenario/schema.js';
import { slashCommands } from './commands.js';

/** Registers (overwrites) the slash commands: in one guild when DISCORD_GUILD_ID is set (instant), else globally. */
export async function registerCommands(settings: DiscordSettings, scenarios: Scenario[]): Promise<{ scope: string; count: number }> {
  const rest = new REST({ api: settings.apiUrl }).setToken(settings.token);
  const body = slashCommands(scenarios);
  const route = settings.guildId ? Routes.applicationGuildCommands(settings.appId, settings.guildId) : Routes.applicationCommands(settings.appId);
  await rest.put(route, { body });
  return { scope: settings.guildId ? `serveur ${settings.guildId}` : 'global', count: body.length };
}
