// --junit FILE for a fleet: one <testsuite> per target × scenario, named "TARGET / SCENARIO", with
// the testcases of the single-target report (one per step: failure, error, skipped, system-out;
// see files/junit.ts). The suite's properties add the target:
//   isocheck.target, isocheck.target.kind, isocheck.target.endpoint, isocheck.target.context,
//   isocheck.target.locality, isocheck.target.tags (comma-separated), isocheck.target.engineError
// The classname is "TARGET / SCENARIO" too, so a CI page that keys tests by classname and name
// keeps the same step of two targets apart. An unreachable target's suites each hold one testcase
// with <error> whose message is why (the engine error), as a single run's report does.
import type { FleetResult, FleetTargetResult } from '../../execute/fleet-result.js';
import { junitDocument, scenarioSuite } from '../files/junit.js';

function targetProperties(t: FleetTargetResult): Record<string, string | undefined> {
  return {
    'isocheck.target': t.target.name,
    'isocheck.target.kind': t.target.kind,
    'isocheck.target.endpoint': t.target.endpoint,
    'isocheck.target.context': t.target.context,
    'isocheck.target.locality': t.target.locality,
    'isocheck.target.tags': t.target.tags.length > 0 ? t.target.tags.join(',') : undefined,
    'isocheck.target.engineError': t.result.environment.engineError,
  };
}

export function renderFleetJUnit(fleet: FleetResult): string {
  const suites = fleet.targets.flatMap((t) => {
    const properties = targetProperties(t);
    return t.result.scenarios.map((s) => {
      const name = `${t.target.name} / ${s.name}`;
      return scenarioSuite(s, t.result, { name, classname: name, properties });
    });
  });
  return junitDocument(suites, fleet);
}
