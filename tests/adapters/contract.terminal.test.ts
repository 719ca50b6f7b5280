import { describe, expect, it } from 'vitest';
import { runContract } from './contract.js';
import { createTerminalSurface, TERMINAL_SURFACE } from './drivers/terminal.js';
import { databasePath, TerminalHarness } from '../helpers/terminal-session.js';

// The whole bank runs here too (case 9): the terminal prints every scenario whole.
runContract({ name: 'terminal', create: () => createTerminalSurface({ bank: true }), ...TERMINAL_SURFACE });

describe('the terminal beside the contract', () => {
  it('has no trainer command to refuse: one typed by the learner shows the help and changes nothing (why case 6 does not apply)', async () => {
    const harness = await TerminalHarness.open({ tty: false, databasePath: databasePath() });
    try {
      harness.start({ kind: 'command', name: 'help' });
      await harness.until('Commandes');
      harness.fresh();
      harness.line('cohort create Promo Pirate');
      await harness.until(() => harness.text().split('Commandes :').length === 3);
      expect(harness.app.db.prepare('SELECT COUNT(*) FROM cohorts').pluck().get()).toBe(0);
      await harness.end();
    } finally {
      harness.close();
    }
  });
});
