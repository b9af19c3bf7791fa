// The `live` renderer: listr2's DefaultRenderer (the live task list) mirroring the engine's events.
// The task list runs nothing itself: run:start lays out every scenario and its planned steps up
// front; each task only awaits a promise that the matching event settles —
//   scenario task ← scenario:start (runs its steps) or scenario:skip (task.skip(reason));
//   step task     ← step:end (title gets id and duration; failed/error steps throw, so listr shows
//                   ✖ and the expected/found lines under the step; the view note is kept as the
//                   step's persistent output).
// Scenarios are concurrent (the engine may run them in parallel with --jobs) and nothing exits on
// error, so one failure never hides the remaining scenarios. Steps the engine never reported
// (it stopped a scenario early, or the run was interrupted) are settled at scenario:end / run:end
// as skipped "not run", or as failed "interrupted" when they had started.
//
// listr2 writes to the stream we give it (through its ProcessOutput), never to process.stdout;
// its own SIGINT handler is off (the engine handles signals and cleans up containers). The summary
// block is written after listr has finished rendering, in close().
import {
  DefaultRenderer,
  Listr,
  ListrDefaultRendererLogLevels,
  ListrLogger,
  ProcessOutput,
  type ListrDefaultRendererOptions,
  type ListrTask,
  type ListrTaskWrapper,
} from 'listr2';
import type { RunEvent, ScenarioRef } from '../../execute/events.js';
import type { RunResult, StepResult } from '../../execute/results.js';
import { formatDuration } from '../../format/duration.js';
import { ICON, deviationLine, deviationsSuffix, failureLinesShown, skipReason, stepLabel, summaryBlock, viewNote } from '../summary.js';
import { escapedView, oneLine } from '../../format/escape.js';
import { RunPlan, type PlannedScenario, type PlannedStep } from './plan.js';
import { createStyle, type Paint, type Style } from './style.js';
import type { Reporter, TerminalStream } from './types.js';

/** DefaultRenderer that renders to any stream: listr's TTY check looks at process.stdout only. */
export class LiveRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

type Ctx = Record<string, never>;
type Wrapper = ListrTaskWrapper<Ctx, typeof LiveRenderer, typeof LiveRenderer>;

interface Deferred<T> {
  promise: Promise<T>;
  settle(value: T): void;
  settled: boolean;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  const d: Deferred<T> = {
    promise,
    settled: false,
    settle(value: T) {
      if (d.settled) return;
      d.settled = true;
      resolve(value);
    },
  };
  return d;
}

export type StepOutcome =
  | { kind: 'done'; result: StepResult; failures: string[] }
  | { kind: 'not-run'; reason: string }
  | { kind: 'interrupted'; signal: string };

export type ScenarioStart = { kind: 'start' } | { kind: 'skip'; reason: string } | { kind: 'not-run'; reason: string };

interface StepState {
  planned: PlannedStep;
  started: boolean;
  outcome: Deferred<StepOutcome>;
}

interface ScenarioState {
  planned: PlannedScenario;
  start: Deferred<ScenarioStart>;
  /** Settled at scenario:end: the scenario's last subtask (cleanup) waits for it, so every title
   *  change happens while listr still renders (a change after its end drew a second tree). */
  end: Deferred<{ removed: number; errors: string[] }>;
  cleanup?: { removed: number; errors: string[] };
  steps: Map<number, StepState>;
  wrapper?: Wrapper;
  finalTitle?: string;
}

/** The task tree for a run, and the handles that events settle. Exported for tests. */
export class LiveTaskTree {
  readonly scenarios = new Map<string, ScenarioState>();
  interruptedBy: string | undefined;

  constructor(readonly plan: RunPlan) {
    for (const p of plan.scenarios) {
      const steps = new Map<number, StepState>();
      for (const st of p.steps) steps.set(st.index, { planned: st, started: false, outcome: deferred<StepOutcome>() });
      this.scenarios.set(p.key, { planned: p, start: deferred<ScenarioStart>(), end: deferred(), steps });
    }
  }

  tasks(): ListrTask<Ctx, typeof LiveRenderer, typeof LiveRenderer>[] {
    return [...this.scenarios.values()].map((sc) => ({
      title: sc.planned.name,
      task: async (_ctx: Ctx, t: Wrapper) => {
        sc.wrapper = t;
        // listr shows every concurrent task as running; say which ones the engine has not begun.
        if (!sc.start.settled) t.title = `${sc.planned.name} (waiting)`;
        const start = await sc.start.promise;
        t.title = sc.finalTitle ?? sc.planned.name;
        if (start.kind !== 'start') {
          t.skip(`${sc.planned.name} — ${start.kind === 'skip' ? `skipped: ${start.reason}` : start.reason}`);
          return;
        }
        return t.newListr(
          [
            ...[...sc.steps.values()].map((st) => ({
              title: st.planned.title,
              task: (_c: Ctx, w: Wrapper) => stepTask(this, st, w),
              rendererOptions: { persistentOutput: true, outputBar: 1 },
            })),
            { title: 'cleanup', task: (_c: Ctx, w: Wrapper) => cleanupTask(sc, w) },
          ],
          { concurrent: false, exitOnError: false },
        );
      },
    }));
  }

  /** `failures`: a step:end's failure lines, split and escaped from the raw event (failureLinesShown). */
  onEvent(e: RunEvent, failures: string[] = []): void {
    switch (e.type) {
      case 'scenario:start':
        this.get(e.scenario)?.start.settle({ kind: 'start' });
        return;
      case 'scenario:skip': {
        const sc = this.get(e.scenario);
        if (!sc) return;
        sc.start.settle({ kind: 'skip', reason: e.reason });
        this.settleSteps(sc, 'skipped');
        return;
      }
      case 'step:start': {
        const st = this.get(e.scenario)?.steps.get(e.index);
        if (st) st.started = true;
        return;
      }
      case 'step:progress': {
        const st = this.get(e.scenario)?.steps.get(e.index);
        // Shown while the step runs (listr keeps the last line); replaced at step:end.
        if (st && !st.outcome.settled) this.progress.get(st)?.(e.message);
        return;
      }
      case 'step:end':
        this.get(e.scenario)?.steps.get(e.result.index)?.outcome.settle({ kind: 'done', result: e.result, failures });
        return;
      case 'scenario:cleanup': {
        const sc = this.get(e.scenario);
        if (sc) sc.cleanup = { removed: e.removed.length, errors: e.errors };
        return;
      }
      case 'scenario:end': {
        const sc = this.get(e.scenario);
        if (!sc) return;
        const r = e.result;
        const status = r.status === 'passed' || r.status === 'failed' || r.status === 'skipped' ? deviationsSuffix(r) : ` — ${r.status}`;
        const title = `${r.name}${status} (${formatDuration(r.durationMs)})`;
        if (r.status !== 'skipped') {
          sc.finalTitle = title;
          if (sc.wrapper) sc.wrapper.title = title;
        }
        sc.start.settle(r.status === 'skipped' ? { kind: 'skip', reason: r.skipReason ?? 'skipped' } : { kind: 'start' });
        this.settleSteps(sc, 'not run');
        sc.end.settle(sc.cleanup ?? { removed: 0, errors: [] });
        return;
      }
      case 'run:interrupt':
        this.interruptedBy = e.signal;
        return;
      case 'run:end':
        this.settleAll(this.interruptedBy ? `not run (interrupted by ${this.interruptedBy})` : 'not run');
        return;
      default:
        return;
    }
  }

  /** Settle everything still waiting, so listr can finish. */
  settleAll(reason: string): void {
    for (const sc of this.scenarios.values()) {
      sc.start.settle({ kind: 'not-run', reason });
      this.settleSteps(sc, reason);
      sc.end.settle(sc.cleanup ?? { removed: 0, errors: [] });
    }
  }

  /** Set by stepTask while a step runs: forwards progress messages to its task output. */
  readonly progress = new WeakMap<StepState, (message: string) => void>();

  private settleSteps(sc: ScenarioState, reason: string): void {
    for (const st of sc.steps.values()) {
      if (st.outcome.settled) continue;
      if (st.started && this.interruptedBy) st.outcome.settle({ kind: 'interrupted', signal: this.interruptedBy });
      else st.outcome.settle({ kind: 'not-run', reason: st.started ? 'did not finish' : reason });
    }
  }

  private get(ref: ScenarioRef): ScenarioState | undefined {
    return this.scenarios.get(ref.key);
  }
}

async function stepTask(tree: LiveTaskTree, st: StepState, w: Wrapper): Promise<void> {
  tree.progress.set(st, (m) => (w.output = m));
  const o = await st.outcome.promise;
  if (o.kind === 'not-run') {
    w.skip(`${st.planned.title} — ${o.reason}`);
    return;
  }
  if (o.kind === 'interrupted') {
    w.output = '';
    throw new Error(`interrupted by ${o.signal} before the step finished`);
  }
  const r = o.result;
  const label = stepLabel(r);
  if (r.status === 'skipped') {
    w.skip(`${label} — ${skipReason(r)}`);
    return;
  }
  w.title = `${label} (${formatDuration(r.durationMs)})${r.status === 'deviation' ? ` — known deviation: ${r.knownDeviation?.reason ?? ''}` : ''}`;
  const failed = r.status === 'failed' || r.status === 'error';
  if (r.status === 'deviation') {
    w.output = o.failures.join('\n');
    return;
  }
  // As in `plain`: the view is worth a line when something went wrong or the engine left a note.
  w.output = failed || r.notes.length > 0 ? (viewNote(r) ?? '') : '';
  if (failed) throw new Error(o.failures.join('\n'));
}

async function cleanupTask(sc: ScenarioState, w: Wrapper): Promise<void> {
  const c = await sc.end.promise;
  if (c.errors.length > 0) throw new Error(`cleanup failed: ${c.errors.join('; ')}`);
  w.title = c.removed === 0 ? 'cleanup: nothing to remove' : `cleanup: removed ${c.removed} container${c.removed === 1 ? '' : 's'}`;
}

function levelColors(s: Style): NonNullable<ListrDefaultRendererOptions['color']> {
  const L = ListrDefaultRendererLogLevels;
  const map: Partial<Record<ListrDefaultRendererLogLevels, Paint>> = {
    [L.SKIPPED_WITH_COLLAPSE]: s.yellow,
    [L.SKIPPED_WITHOUT_COLLAPSE]: s.yellow,
    [L.PENDING]: s.yellow,
    [L.COMPLETED]: s.green,
    [L.COMPLETED_WITH_FAILED_SUBTASKS]: s.red,
    [L.COMPLETED_WITH_FAILED_SISTER_TASKS]: s.red,
    [L.RETRY]: s.yellow,
    [L.ROLLING_BACK]: s.red,
    [L.ROLLED_BACK]: s.red,
    [L.FAILED]: s.red,
    [L.FAILED_WITH_FAILED_SUBTASKS]: s.red,
    [L.WAITING]: s.dim,
    [L.PAUSED]: s.yellow,
    [L.OUTPUT]: s.dim,
    [L.OUTPUT_WITH_BOTTOMBAR]: s.dim,
  };
  return map as NonNullable<ListrDefaultRendererOptions['color']>;
}

export interface LiveOptions {
  stream: TerminalStream;
  color: boolean;
}

export class LiveReporter implements Reporter {
  private readonly plan = new RunPlan();
  private tree: LiveTaskTree | undefined;
  private running: Promise<void> | undefined;
  private result: RunResult | undefined;
  private readonly style: Style;

  constructor(private readonly o: LiveOptions) {
    this.style = createStyle(o.color);
  }

  /** Every string an event carries is shown through oneLine (format/escape.ts): titles, outputs,
   *  skip and error messages all come from events, so the task tree only ever holds escaped text. */
  onEvent(raw: RunEvent): void {
    const e = escapedView(raw);
    // The pull phase comes before run:start: one task per image, rendered before the scenarios.
    if (e.type === 'pull:start') return this.pullTask(e.image);
    if (e.type === 'pull:end') return this.pulling.get(e.image)?.settle(e.ok ? undefined : e.message ?? 'failed');
    if (e.type === 'run:start' && !this.tree) {
      this.plan.load(e);
      this.start();
      return;
    }
    if (e.type === 'run:end') this.result = e.result;
    this.tree?.onEvent(e, raw.type === 'step:end' ? failureLinesShown(raw.result) : []);
  }

  private pulls: Promise<void> = Promise.resolve();
  private readonly pulling = new Map<string, Deferred<string | undefined>>();

  private pullTask(image: string): void {
    const done = deferred<string | undefined>();
    this.pulling.set(image, done);
    const task = async (): Promise<void> => {
      const err = await done.promise;
      if (err !== undefined) throw new Error(err);
    };
    const listr = new Listr<Ctx, typeof LiveRenderer, typeof LiveRenderer>([{ title: `pull ${image}`, task }], { exitOnError: false, registerSignalListeners: false, renderer: LiveRenderer, fallbackRenderer: LiveRenderer, rendererOptions: { logger: this.logger(), showErrorMessage: true } });
    this.pulls = this.pulls.then(() => listr.run({})).then(() => undefined, () => undefined);
  }

  private logger(): ListrLogger<ListrDefaultRendererLogLevels> {
    const stream = this.o.stream as NodeJS.WriteStream;
    return new ListrLogger<ListrDefaultRendererLogLevels>({ useIcons: true, toStderr: [], processOutput: new ProcessOutput(stream, stream, { leaveEmptyLine: false }) });
  }

  async close(): Promise<void> {
    for (const d of this.pulling.values()) d.settle('interrupted');
    this.tree?.settleAll('not run');
    if (this.running) await this.running;
    if (!this.result) return;
    for (const l of summaryBlock(this.result)) this.o.stream.write(`${l}\n`);
    const deviations = deviationLine(this.result);
    if (deviations) this.o.stream.write(`${oneLine(deviations)}\n`);
  }

  private start(): void {
    const tree = new LiveTaskTree(this.plan);
    this.tree = tree;
    const logger = this.logger();
    const listr = new Listr<Ctx, typeof LiveRenderer, typeof LiveRenderer>(tree.tasks(), {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: LiveRenderer,
      fallbackRenderer: LiveRenderer,
      rendererOptions: {
        logger,
        collapseSubtasks: false,
        collapseErrors: false,
        collapseSkips: true,
        showSkipMessage: true,
        showErrorMessage: true,
        icon: { [ListrDefaultRendererLogLevels.COMPLETED_WITH_FAILED_SUBTASKS]: ICON.failed },
        color: levelColors(this.style),
      },
    });
    this.running = this.pulls.then(() => listr.run({})).then(
      () => undefined,
      // exitOnError is off, so this is listr itself failing: say it once, after its render.
      (err: unknown) => {
        this.o.stream.write(`${ICON.failed} live renderer: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
      },
    );
  }
}
