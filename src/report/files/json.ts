// --json FILE: the RunResult itself, pretty-printed — see execute/results.ts for the shape.
//
//   { reportVersion: 1, runId, startedAt (ISO), durationMs, status: passed|failed|interrupted|
//     environment-error|invalid, interruptedBy?, environment: { isocheckVersion, node, host, root,
//     engine: { version, osType, runtimes, … } | null, engineError? },
//     scenarios: [{ file, name, description, source?, tags, status, skipReason?, startedAt,
//       durationMs, containers: [{ stepId, id, name, isolation, flags }],
//       steps: [{ index, id?, kind, title, status, startedAt, durationMs, output, view?, notes,
//         commands: [{ argv, exitCode, stdout, stderr, startedAt, durationMs, timedOut, purpose? }],
//         expectations: [{ index, key, description, passed, expected, found, message, because?,
//           attempts, durationMs }], captures, error?: { code, message } }],
//       cleanup: { removed, errors } }],
//     totals: { passed, failed, skipped } }
//
// Strings are exact (JSON escapes are lossless): C0 controls and lone surrogates come out as \uXXXX
// (JSON.stringify), and so do C1, bidi and line-separator characters (jsonText), so strict parsers
// accept the file and `cat` on a terminal shows it inertly.
// Never normalized: the JSON is for machines, which want the real ids, PIDs and times.
import type { RunResult } from '../../execute/results.js';
import { jsonText } from '../../format/escape.js';

export function renderJson(result: RunResult): string {
  return jsonReport(result);
}

/** Any report value (a RunResult, a fleet's FleetResult) as the JSON report writes it. */
export function jsonReport(result: object): string {
  try {
    return `${jsonText(result)}\n`;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // Longer than a JS string can hold (each text is bounded, but a run can have many): keep the
    // shape and cut long texts further, saying so, rather than lose the whole report.
    return `${jsonText(result, 0, (_k, v: unknown) => (typeof v === 'string' && v.length > JSON_TEXT_CAP ? `${v.slice(0, JSON_TEXT_CAP)}… [cut by isocheck: ${v.length} characters; the JSON report would be too large]` : v))}\n`;
  }
}

const JSON_TEXT_CAP = 4096;
