// The order problems are listed in: by file, then line, then column (a stable sort keeps the
// order of problems at one place). Its own module so the cached path needs none of the validator.
import type { Problem } from '../errors.js';

export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}
