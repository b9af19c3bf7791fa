// The load stage: paths → files → bytes → text → one YAML document with positions.
export { discoverFiles, defaultScenarioPaths, compareOrdinal } from './discover.js';
export type { Discovery } from './discover.js';
export { readScenarioBytes, decodeScenario, MAX_SCENARIO_BYTES } from './read.js';
export { parseYaml, MAX_ALIAS_COUNT } from './parse.js';
export type { ParsedYaml } from './parse.js';
export { createLocator } from './locate.js';
export type { Locator, JsonPath } from './locate.js';
