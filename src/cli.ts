#!/usr/bin/env node
import { ConfigError } from './config.js';
import { main, USAGE } from './cli/main.js';
import { EXIT, processOutput } from './cli/output.js';
import { DatabaseUnavailableError } from './store/database.js';

// The reader went away (`moderato drill | head`): every answer is already stored, stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    // Matched by name: importing PlatformStartError would load discord.js and Bolt for every command,
    // ResourceError (a rubric or lexicon file a trainer edited) the dictionary and lexicon code.
    if (error instanceof ConfigError || error instanceof DatabaseUnavailableError || (error instanceof Error && ['PlatformStartError', 'ResourceError'].includes(error.name))) {
      processOutput.err(error.message);
      process.exitCode = EXIT.error;
      return;
    }
    // parseArgs throws on unknown options: that is bad input, not a crash.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      processOutput.err(`${error.message}\n\n${USAGE}`);
      process.exitCode = EXIT.badInput;
      return;
    }
    processOutput.err(`Erreur inattendue : ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = EXIT.error;
  });
