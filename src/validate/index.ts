// The validate stage's public API: what the executor and the CLI import.
export { validatePaths } from './paths.js';
export type { ValidationReport, ValidatePathsOptions } from './paths.js';
export { validateText, compareProblems, hasErrors } from './text.js';
export type { LoadedScenario, ValidateOptions } from './text.js';
export { RULES } from './rules/index.js';
export type { Rule, RuleContext } from './rules/index.js';
export { schemaText } from './schema.js';
export { defaultScenarioPaths } from '../load/discover.js';
export { displayPath, displayProblem, summarize, formatSummary } from './display.js';
export type { ValidationSummary } from './display.js';
