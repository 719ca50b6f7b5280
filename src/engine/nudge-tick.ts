import { schedule, type ScheduledTask } from 'node-cron';
import type { NudgeService } from './nudge-service.js';

/**
 * node-cron is only the minute tick: what is due is computed from the database with the injected
 * clock (so DST nights and downtime are the planner's business, not cron's), and a slow tick makes
 * the next one wait instead of overlapping.
 */
export function startNudgeTick(nudges: NudgeService, onError: (error: unknown) => void): { stop(): Promise<void> } {
  const task: ScheduledTask = schedule('* * * * *', () => nudges.tick().catch(onError), { name: 'moderato-nudges', noOverlap: true, unref: true });
  // A first tick at once: a restart catches up without waiting for the next minute.
  nudges.tick().catch(onError);
  return {
    async stop() {
      await task.destroy();
      await nudges.stop();
    },
  };
}
