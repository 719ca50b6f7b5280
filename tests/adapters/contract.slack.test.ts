import { runContract } from './contract.js';
import { createSlackSurface, SLACK_SURFACE } from './drivers/slack.js';

runContract({ name: 'slack', create: () => createSlackSurface(), ...SLACK_SURFACE });
