/** Where a command writes: results on stdout, problems on stderr (README, « Ligne de commande »). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit statuses of the commands (README, « Ligne de commande »). */
export const EXIT = { ok: 0, error: 1, badInput: 2 } as const;
