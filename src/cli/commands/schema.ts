// isocheck schema: print the JSON Schema of the scenario format (for editors and other tools).
import { ExitCode } from '../../errors.js';
import { schemaText } from '../../validate/index.js';
import type { CliIO, CommandMain } from '../io.js';

export const main: CommandMain<Record<string, never>> = (_paths: string[], _opts: Record<string, never>, io: CliIO): Promise<number> => {
  const text = schemaText();
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return Promise.resolve(ExitCode.ok);
};
