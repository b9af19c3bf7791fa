// isocheck's entry point: a thin commander program that lazy-loads one command module per command
// (start-up stays close to bare node), and the ONE error boundary that turns errors into exit codes.
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, IsocheckError, oneLine } from '../errors.js';
import { block } from '../format/escape.js';
import { isocheckVersion } from '../paths.js';
import { processIO, type CliIO } from './io.js';

type Loader = () => Promise<{ main: (paths: string[], opts: never, io: CliIO) => Promise<number> }>;

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function action(io: CliIO, load: Loader, setCode: (c: number) => void) {
  return async (...args: unknown[]): Promise<void> => {
    // commander passes (variadic paths?, options, command)
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.opts();
    const paths = Array.isArray(args[0]) ? (args[0] as string[]) : [];
    const m = await load();
    setCode(await m.main(paths, opts as never, io));
  };
}

export function buildProgram(io: CliIO, setCode: (c: number) => void): Command {
  const program = new Command('isocheck')
    .description('Turn a claim about container isolation into a check anyone can re-run.')
    .version(isocheckVersion(), '-V, --version')
    .showHelpAfterError('(run isocheck --help for usage)')
    .exitOverride()
    // commander echoes what it was given (an unknown option, a bad argument): controls shown escaped.
    .configureOutput({ writeOut: (s) => io.stdout.write(block(s)), writeErr: (s) => io.stderr.write(block(s)) });

  program
    .command('run')
    .description('validate, then run scenarios against the engine (or every target of a fleet) and report pass/fail')
    .argument('[paths...]', 'scenario files or folders (default: scenarios/)')
    .option('-j, --jobs <n>', 'scenarios to run in parallel, in total over all targets (default 1; a fleet: 1 per target)')
    .option('-t, --tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--timeout <duration>', 'timeout of every step, e.g. 30s (overrides each step\'s timeout and stepTimeout; a scenario\'s timeout still bounds the whole scenario)')
    .option('--var <name=value>', 'set a scenario variable (repeatable)', collect)
    .option('--pull-timeout <duration>', 'timeout of each image pull before the scenarios start (default 30m)')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option('--markdown <file>', 'write a Markdown transcript')
    .option('--normalize', 'replace ids, PIDs and times in the transcript with stable placeholders')
    .option('-q, --quiet', 'print only failures and the summary')
    .option('--fail-on-skip', 'exit 3 when a scenario is skipped because this host or engine cannot run it')
    .option('--strict', 'known deviations (knownDeviation steps whose expectations failed) fail the run, exit 1')
    .option('--engine-timeout <duration>', 'how long "docker info" may take (default 10s, or ISOCHECK_ENGINE_TIMEOUT)')
    .addOption(new Option('--renderer <name>', 'terminal output').choices(['auto', 'live', 'plain']).default('auto'))
    .option('--context <name>', 'a docker context to run on (repeatable: each is a target of a fleet)', collect)
    .option('--engine <kind>', 'an engine to run on: docker or podman (repeatable: each is a target)', collect)
    .option('--targets <file>', 'a fleet file (YAML) listing the targets: name, engine, context or host, tags')
    .option('--probe-image <image>', 'image of the host probe container on remote engines (default isocheck/busybox:local, or ISOCHECK_PROBE_IMAGE); it must be on the target')
    .action(action(io, () => import('./commands/run.js'), setCode));

  program
    .command('validate')
    .description('check scenario files (YAML, schema and rules) without running anything')
    .argument('[paths...]', 'scenario files or folders (default: scenarios/)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--var <name=value>', 'a variable the scenarios may use (repeatable)', collect)
    .option('--no-cache', 'validate every file again instead of reusing the results of unchanged files (also ISOCHECK_NO_CACHE=1)')
    .action(action(io, () => import('./commands/validate.js'), setCode));

  program
    .command('plan')
    .description('show every step\'s exact command on this engine, and what would be skipped, without starting anything')
    .argument('[paths...]', 'scenario files or folders (default: scenarios/)')
    .option('-t, --tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--var <name=value>', 'set a scenario variable (repeatable)', collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--engine-timeout <duration>', 'how long "docker info" may take (default 10s, or ISOCHECK_ENGINE_TIMEOUT)')
    .option('--context <name>', 'a docker context to run on (repeatable: each is a target of a fleet)', collect)
    .option('--engine <kind>', 'an engine to run on: docker or podman (repeatable: each is a target)', collect)
    .option('--targets <file>', 'a fleet file (YAML) listing the targets: name, engine, context or host, tags')
    .action(action(io, () => import('./commands/plan.js'), setCode));

  program
    .command('list')
    .description('list scenarios with their names, tags and requirements')
    .argument('[paths...]', 'scenario files or folders (default: scenarios/)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(action(io, () => import('./commands/list.js'), setCode));

  program
    .command('doctor')
    .description('check the docker CLI, the engine, its runtimes, and which shipped scenarios can run here')
    .option('--engine-timeout <duration>', 'how long "docker info" may take (default 10s, or ISOCHECK_ENGINE_TIMEOUT)')
    .option('--context <name>', 'a docker context to run on (repeatable: each is a target of a fleet)', collect)
    .option('--engine <kind>', 'an engine to run on: docker or podman (repeatable: each is a target)', collect)
    .option('--targets <file>', 'a fleet file (YAML) listing the targets: name, engine, context or host, tags')
    .action(action(io, () => import('./commands/doctor.js'), setCode));

  program
    .command('clean')
    .description('remove containers left by isocheck runs of this host that died (found by their io.isocheck.* labels)')
    .option('--all', 'remove every isocheck-labelled container, of any host, alive or not')
    .option('--run <id>', 'remove the containers of this one run, whatever host started it')
    .option('--dry-run', 'only say what would be removed')
    .option('--context <name>', 'a docker context to run on (repeatable: each is a target of a fleet)', collect)
    .option('--engine <kind>', 'an engine to run on: docker or podman (repeatable: each is a target)', collect)
    .option('--targets <file>', 'a fleet file (YAML) listing the targets: name, engine, context or host, tags')
    .action(action(io, () => import('./commands/clean.js'), setCode));

  program
    .command('schema')
    .description('print the JSON Schema of the scenario format')
    .action(action(io, () => import('./commands/schema.js'), setCode));

  return program;
}

export async function cli(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code: number = ExitCode.ok;
  try {
    await buildProgram(io, (c) => { code = c; }).parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.invalid;
    }
    if (e instanceof IsocheckError) {
      const where = e.position ? `${e.position.file}:${e.position.line}:${e.position.col}: ` : '';
      io.stderr.write(`isocheck: ${oneLine(where + e.message)} [${e.code}]\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr.write(`isocheck: internal error: ${oneLine(err.message)}\n`);
    if (io.env.ISOCHECK_DEBUG) io.stderr.write(`${err.stack ?? ''}\n`);
    else io.stderr.write('isocheck: set ISOCHECK_DEBUG=1 for details, and please report this\n');
    return ExitCode.failed;
  }
  return code;
}
