import { scenarioSchema, type Scenario } from './schema.js';
import { expandTimeline, timelineProblems } from './timeline.js';
import { contradictions } from './checks.js';
import { describeIssue, inWords } from './describe-issue.js';
import { salvage, type Trust } from './salvage.js';
import type { Dialect } from '../api/dialect.js';
import { DEFAULT_DIALECT, DIALECTS, type DialectName } from '../api/dialects.js';

/**
 * One problem with a scenario: the path of the value concerned, the message, and where a file
 * shows it best — at the value, at its key, or at the named unknown key of the object.
 */
export interface Problem {
  path: (string | number)[];
  message: string;
  at: 'value' | 'key';
  unknownKey?: string;
}

/** A whole, valid Scenario, or every problem it has. */
export type Validation = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/**
 * Validates scenario data (parsed YAML or an object) in one pass: the schema's problems and the
 * cross-field ones together. When the schema refuses parts, the cross-field checks run on the
 * rest (see `salvage`), skipping what the broken parts would make them report wrongly. Fault
 * routes are checked against the dialect `exchange` (given: the command line's choice, which wins),
 * else the scenario's own `exchange:`, else the default.
 */
export function validateScenario(data: unknown, exchange?: DialectName): Validation {
  const parsed = scenarioSchema.safeParse(data, { reportInput: true, error: inWords });
  const named = (s: { exchange?: DialectName | undefined }): Dialect => DIALECTS[exchange ?? s.exchange ?? DEFAULT_DIALECT];
  if (parsed.success) {
    const problems = crossFieldProblems(parsed.data, undefined, named(parsed.data));
    return problems.length === 0 ? { ok: true, scenario: parsed.data } : { ok: false, problems };
  }
  const structural = parsed.error.issues.flatMap(describeIssue);
  const rest = salvage(data, parsed.error.issues);
  const said = new Set(structural.map((p) => p.path.join('.')));
  const cross = rest ? crossFieldProblems(rest.scenario, rest.trust, named(rest.scenario)).map((p) => ({ ...p, path: rest.original(p.path) })) : [];
  return { ok: false, problems: [...structural, ...cross.filter((p) => !said.has(p.path.join('.')))] };
}

/**
 * Problems only the whole, schema-valid scenario shows: phases whose `at` contradicts the phase
 * before (shown at the timeline's key), fault routes, channels and requests matching none of the
 * dialect's names, unlisted pairs, unknown accounts. `trust` leaves out the checks a salvaged
 * scenario cannot answer.
 */
export function crossFieldProblems(s: Scenario, trust: Trust = { timing: true, pairs: true, accounts: true }, dialect: Dialect = DIALECTS[DEFAULT_DIALECT]): Problem[] {
  const timing = trust.timing ? timelineProblems(expandTimeline(s)) : [];
  return timing.map((message): Problem => ({ path: ['timeline'], message, at: 'key' }))
    .concat(contradictions(s, dialect, trust).map((c) => ({ ...c, at: 'value' })));
}
