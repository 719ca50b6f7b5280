import { runContract } from './contract.js';
import { createDiscordSurface, DISCORD_SURFACE } from './drivers/discord.js';

runContract({ name: 'discord', create: () => createDiscordSurface(), ...DISCORD_SURFACE });
