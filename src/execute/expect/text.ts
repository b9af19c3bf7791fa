// Assertions on what a command printed and how it exited: output, stderr, exitCode. "found"
// names the line that decided (excerpt.ts); a failed block shows a diff (block-diff.ts).
import type { ExitCodeMatch, TextMatch } from '../../types.js';
import { stepRegex } from '../pattern.js';
import { blockDiff } from './block-diff.js';
import { blockMatches, checkBlockCost, LineMatcher, trimmedLines } from './block.js';
import { closestLine, excerpt, lineOf } from './excerpt.js';
import type { Evaluator, JudgeEnv, Judgement } from './types.js';

/** One part of a text check: what it wants, whether it holds, and the line to show. */
interface Part {
  want: string;
  passed: boolean;
  found?: string;
}

// A regex's literal characters, to find the line most like what a failed `matches` wanted.
const literal = (source: string): string => source.replace(/\\[a-zA-Z]|[\\^$.*+?()[\]{}|]/g, ' ');

function blockPart(which: string, page: string, text: string): Part {
  const p = trimmedLines(page);
  const a = trimmedLines(text);
  checkBlockCost(`${which}.block`, p.lines.length, a.lines.length);
  const m = new LineMatcher(p.lines, a.lines);
  const want = `matches the page block (${p.lines.length} line${p.lines.length === 1 ? '' : 's'})`;
  if (blockMatches(m)) return { want, passed: true, found: `${a.lines.length} matching line${a.lines.length === 1 ? '' : 's'}` };
  // The line numbers in the diff count the block from its first non-blank line, the output from its first line.
  const d = blockDiff(m, 0, a.first);
  return { want, passed: false, found: `${d.first} (- page, + actual):\n${d.lines.join('\n')}` };
}

function parts(which: string, m: TextMatch, text: string, env: JudgeEnv): Part[] {
  const out: Part[] = [];
  if (m.contains !== undefined) {
    const s = env.value(m.contains);
    const at = text.indexOf(s);
    out.push({ want: `contains ${JSON.stringify(s)}`, passed: at !== -1, found: at !== -1 ? lineOf(text, at) : closestLine(text, s) });
  }
  if (m.notContains !== undefined) {
    const s = env.value(m.notContains);
    const at = text.indexOf(s);
    out.push({ want: `does not contain ${JSON.stringify(s)}`, passed: at === -1, ...(at !== -1 ? { found: lineOf(text, at) } : {}) });
  }
  for (const field of ['matches', 'notMatches'] as const) {
    const source = m[field];
    if (source === undefined) continue;
    // A pattern that cannot run (bad-regex, regex-too-costly) is a step error, not a failed check.
    const re = stepRegex(`${which}.${field}`, source, env.ctx.values, { multiline: true });
    const hit = re.exec(text);
    const at = hit ? matchOffset(text, hit[0] ?? '', re.test.bind(re)) : -1;
    const line = at !== -1 ? lineOf(text, at) : undefined;
    if (field === 'matches') out.push({ want: `matches /${re.source}/`, passed: hit !== null, found: line ?? closestLine(text, literal(re.source)) });
    else out.push({ want: `does not match /${re.source}/`, passed: hit === null, ...(line ? { found: line } : {}) });
  }
  if (m.block !== undefined) out.push(blockPart(which, env.value(m.block), text));
  return out;
}

/** Where a regex match is: its text's first place, or (an empty match) the first line it matches. */
function matchOffset(text: string, matched: string, test: (s: string) => boolean): number {
  if (matched !== '') return text.indexOf(matched);
  let start = 0;
  for (let n = 0; n < 10_000; n++) {
    const nl = text.indexOf('\n', start);
    if (test(text.slice(start, nl === -1 ? text.length : nl))) return start;
    if (nl === -1) break;
    start = nl + 1;
  }
  return -1;
}

function judgeText(which: string, m: TextMatch, text: string, env: JudgeEnv): Judgement {
  const all = parts(which, m, text, env);
  const passed = all.every((p) => p.passed);
  // The first failed part decides what is shown; when all hold, the first that points at a line.
  const shown = all.find((p) => !p.passed) ?? all.find((p) => p.found !== undefined);
  const page = m.block !== undefined ? env.value(m.block) : undefined;
  return { passed, expected: `${which} that ${all.map((p) => p.want).join(' and ')}`, found: shown?.found ?? excerpt(text), ...(page !== undefined ? { page } : {}) };
}

export const output: Evaluator<'output'> = (m, obs, env) => judgeText('output', m, obs.output, env);
export const stderr: Evaluator<'stderr'> = (m, obs, env) => judgeText('stderr', m, obs.stderr, env);

/** `exit code 0`, `exit code other than 0`, `exit code one of 0, 1`. */
export function describeExitCode(want: ExitCodeMatch): string {
  if (typeof want === 'number') return `exit code ${want}`;
  if ('not' in want) return `exit code other than ${want.not}`;
  return want.in.length === 1 ? `exit code ${want.in[0]}` : `exit code one of ${want.in.join(', ')}`;
}

export function exitCodeHolds(want: ExitCodeMatch, code: number): boolean {
  if (typeof want === 'number') return code === want;
  if ('not' in want) return code !== want.not;
  return want.in.includes(code);
}

export const exitCode: Evaluator<'exitCode'> = (want, obs) => {
  const code = obs.exitCode;
  if (code === null || code === undefined) return { passed: false, expected: describeExitCode(want), found: 'no exit code (the command did not finish)' };
  return { passed: exitCodeHolds(want, code), expected: describeExitCode(want), found: `exit code ${code}${obs.stderr.trim() ? `: ${excerpt(obs.stderr)}` : ''}` };
};
