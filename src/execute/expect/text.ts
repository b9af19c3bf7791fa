// Assertions on what a command printed and how it exited: output, stderr, exitCode.
import type { TextMatch } from '../../types.js';
import { stepRegex } from '../pattern.js';
import type { Evaluator, JudgeEnv, Judgement } from './types.js';

function excerpt(s: string): string {
  const t = s.trim();
  if (t === '') return 'empty output';
  const one = t.length > 200 ? `${t.slice(0, 197)}...` : t;
  return JSON.stringify(one);
}

function judgeText(which: string, m: TextMatch, text: string, env: JudgeEnv): Judgement {
  const wants: string[] = [];
  let passed = true;
  if (m.contains !== undefined) {
    const s = env.value(m.contains);
    wants.push(`contains ${JSON.stringify(s)}`);
    passed &&= text.includes(s);
  }
  if (m.notContains !== undefined) {
    const s = env.value(m.notContains);
    wants.push(`does not contain ${JSON.stringify(s)}`);
    passed &&= !text.includes(s);
  }
  if (m.matches !== undefined) {
    // A pattern that cannot run (bad-regex, regex-too-costly) is a step error, not a failed check.
    const re = stepRegex(`${which}.matches`, m.matches, env.ctx.values, { multiline: true });
    wants.push(`matches /${re.source}/`);
    passed &&= re.test(text);
  }
  return { passed, expected: `${which} that ${wants.join(' and ')}`, found: excerpt(text) };
}

export const output: Evaluator<'output'> = (m, obs, env) => judgeText('output', m, obs.output, env);
export const stderr: Evaluator<'stderr'> = (m, obs, env) => judgeText('stderr', m, obs.stderr, env);

export const exitCode: Evaluator<'exitCode'> = (want, obs) => ({
  passed: obs.exitCode === want,
  expected: `exit code ${want}`,
  found: obs.exitCode === null || obs.exitCode === undefined ? 'no exit code (the command did not finish)' : `exit code ${obs.exitCode}${obs.stderr.trim() ? `: ${excerpt(obs.stderr)}` : ''}`,
});
