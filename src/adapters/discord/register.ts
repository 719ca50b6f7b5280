import { REST, Routes } from 'discord.js';
import type { DiscordSettings } from '../../config.js';
import { slashCommands } from './commands.js';

/**
 * Registers (overwrites) the slash commands: in one guild when DISCORD_GUILD_ID is set (instant),
 * else globally. `contexts` and `integration_types` are for global commands only: a guild's
 * commands are used in that guild and nowhere else, so they are left out there.
 */
export async function registerCommands(settings: DiscordSettings): Promise<{ scope: string; count: number }> {
  const rest = new REST({ api: settings.apiUrl }).setToken(settings.token);
  const commands = slashCommands();
  const body = settings.guildId ? commands.map(({ contexts: _contexts, integration_types: _integrationTypes, ...command }) => command) : commands;
  const route = settings.guildId ? Routes.applicationGuildCommands(settings.appId, settings.guildId) : Routes.applicationCommands(settings.appId);
  await rest.put(route, { body });
  return { scope: settings.guildId ? `serveur ${settings.guildId}` : 'global', count: body.length };
}
