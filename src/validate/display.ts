// How validation results are shown to a person: paths relative to the working directory when the
// file is inside it, and a one-line summary of a run.
import path from 'node:path';
import type { Problem } from '../errors.js';
import type { ValidationReport } from './paths.js';

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function displayProblem(p: Problem, cwd: string): Problem {
  return { ...p, file: displayPath(p.file, cwd) };
}

export interface ValidationSummary {
  files: number;
  valid: number;
  invalid: number;
  errors: number;
  warnings: number;
}

export function summarize(report: ValidationReport): ValidationSummary {
  const invalidFiles = new Set(report.problems.filter((p) => p.severity === 'error').map((p) => p.file));
  const invalid = report.files.filter((f) => invalidFiles.has(f)).length;
  // A `more-problems` line stands for the problems of its file that are not listed: count those instead.
  const listed = report.problems.filter((p) => p.code !== 'more-problems');
  const errors = listed.filter((p) => p.severity === 'error').length + report.omitted.errors;
  return { files: report.files.length, valid: report.files.length - invalid, invalid, errors, warnings: listed.length + report.omitted.errors + report.omitted.warnings - errors };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 files checked: 1 valid, 1 invalid (3 errors, 1 warning)". */
export function formatSummary(s: ValidationSummary): string {
  const counts = [s.errors > 0 ? plural(s.errors, 'error') : '', s.warnings > 0 ? plural(s.warnings, 'warning') : ''].filter(Boolean);
  return `${plural(s.files, 'file')} checked: ${s.valid} valid, ${s.invalid} invalid${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`;
}
