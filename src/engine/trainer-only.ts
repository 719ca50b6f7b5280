import { DrillError } from '../core/drill/types.js';

/** Trainers' commands: the platform vouched for the trainer (Discord role, Slack allow-list) or the command is refused. */
export function requireTrainer(trainer: boolean | undefined): void {
  if (!trainer) throw new DrillError('trainer.only', 'Cette commande est réservée aux formateurs.');
}
