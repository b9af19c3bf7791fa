// --markdown FILE for a fleet: the matrix first, then each target's transcript.
//
//   # isocheck fleet run
//   Run line (id, start, status); the interruption, if any
//   ## Matrix       a table: target | kind | endpoint | locality | one column per scenario (✔ pass,
//                   ✖ FAIL, ↓ skip, ⚠ env-error, – not run, …); the reasons as a list (an
//                   unreachable target's engine error, skip reasons, the failing step's
//                   expected/found); the fleet summary line
//   ## Target NAME  kind, endpoint, locality, tags; then the single-target transcript
//                   (files/markdown.ts) one level down: environment, scenarios, steps, summary
//
// --normalize is honoured everywhere: each transcript and each reason through its target's
// normalizer, the fleet's run id, start and duration as placeholders.
import type { FleetResult, FleetTargetResult } from '../../execute/fleet-result.js';
import { formatDuration } from '../../format/duration.js';
import { block, oneLine } from '../../format/escape.js';
import { code, markdownLines, mdText } from '../files/markdown.js';
import { normalizerFor, type Normalizer } from '../normalize.js';
import { buildMatrix, CELL, fleetInterruptedLine, fleetSummaryLine, nameList, whereOf, type Matrix, type Reason } from './matrix.js';

export interface FleetMarkdownOptions {
  normalize: boolean;
}

function matrixTable(m: Matrix): string[] {
  const head = ['target', 'kind', 'endpoint', 'locality', ...m.columns.map((c) => mdText(c.name))];
  const rows = m.rows.map((r) => [
    mdText(r.target.name),
    mdText(r.target.kind),
    `\`${code(whereOf(r.target))}\``,
    mdText(r.target.locality ?? '-'),
    ...r.cells.map((c) => `${CELL[c.kind].icon} ${CELL[c.kind].word}`),
  ]);
  return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
}

function reasonItem(r: Reason, m: Matrix, text: (s: string) => string): string {
  const who = mdText(nameList(r.targets));
  if (r.kind === 'target') return `- ${r.icon} **${who}**: ${mdText(text(r.text))}`;
  const what = r.columns.map((c) => mdText(m.columns[c - 1]?.name ?? `#${c}`)).join(', ');
  return `- ${r.icon} ${what} — ${CELL[r.kind].word} on **${who}**: ${mdText(text(r.text))}`;
}

function targetHead(t: FleetTargetResult): string[] {
  const facts = [
    mdText(t.target.kind),
    t.target.endpoint !== undefined ? `endpoint \`${code(t.target.endpoint)}\`` : undefined,
    t.target.context !== undefined ? `context \`${code(t.target.context)}\`` : undefined,
    t.target.locality !== undefined ? `host view ${mdText(t.target.locality)}` : undefined,
    t.target.tags.length > 0 ? `tags ${t.target.tags.map((g) => `\`${code(g)}\``).join(', ')}` : undefined,
  ].filter((f): f is string => f !== undefined);
  return [`## Target ${mdText(t.target.name)}`, '', facts.join(' · '), ''];
}

export function renderFleetMarkdown(fleet: FleetResult, o: FleetMarkdownOptions): string {
  const m = buildMatrix(fleet);
  const norms = new Map<string, Normalizer>();
  const normOf = (name: string): Normalizer | undefined => {
    if (!o.normalize) return undefined;
    const t = fleet.targets.find((x) => x.target.name === name);
    if (t === undefined) return undefined;
    const n = norms.get(name) ?? normalizerFor(t.result);
    norms.set(name, n);
    return n;
  };
  const reasonText = (r: Reason) => (s: string): string => {
    const n = normOf(r.targets[0] ?? '');
    return n ? n.text(block(s)) : s;
  };
  const runId = o.normalize ? '<run-id>' : oneLine(fleet.runId);
  const started = o.normalize ? '<time>' : oneLine(fleet.startedAt);
  const lines = ['# isocheck fleet run', '', `Run \`${code(runId)}\` · started ${started} · **${fleet.status}** · ${fleet.targets.length} targets`, ''];
  const intr = fleetInterruptedLine(fleet, m);
  if (intr) lines.push(`> ${mdText(intr)}`, '');
  lines.push('## Matrix', '', ...matrixTable(m), '');
  if (m.reasons.length > 0) lines.push(...m.reasons.map((r) => reasonItem(r, m, reasonText(r))), '');
  lines.push(fleetSummaryLine(fleet, m, o.normalize ? '<duration>' : formatDuration(fleet.durationMs)), '');
  for (const t of fleet.targets) lines.push(...targetHead(t), ...markdownLines(t.result, o, 3), '');
  // A last net, as for a single transcript: nothing raw reaches the file.
  return block(`${lines.join('\n').replace(/\n+$/, '')}\n`);
}
