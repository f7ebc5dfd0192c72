// casebook-collect's entry point: runs the command line and turns every ending into its exit code.
// Ctrl-C or SIGTERM removes whatever partial output exists and stops the commands still running.
// In the one-file build this file is also each masking thread (masking/workers.ts): it is one then.
import { CommanderError } from 'commander';
import { removePartialFiles } from './bundle/output-file.ts';
import { buildProgram } from './cli.ts';
import { killRunningCommands } from './commands.ts';
import { CollectorError, exitCodes } from './errors.ts';
import { isMaskWorker, runMaskWorker } from './masking/workers.ts';

function stop(signal: NodeJS.Signals): void {
  killRunningCommands();
  removePartialFiles();
  process.stderr.write(`\ninterrupted (${signal}): nothing was left behind\n`);
  process.exit(exitCodes.interrupted);
}
if (isMaskWorker()) {
  runMaskWorker();
} else {
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const program = buildProgram({ out: (text) => process.stdout.write(`${text}\n`), err: process.stderr, env: process.env });
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    removePartialFiles();
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    } else if (error instanceof CollectorError) {
      process.stderr.write(`casebook-collect: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`casebook-collect: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = exitCodes.failed;
    }
  }
}
