import type { RunningExchange } from '../app.js';
import { auditExchange } from '../control/audit.js';
import { packageVersion } from '../scenario/builtin.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { conclude } from '../verdict/outcome.js';
import { judge, type Verdict } from '../verdict/verdict.js';
import { scenarioIdentity } from './scenario-identity.js';

/** How `serve` was started, as its verdict reports it. */
export interface ServeFacts {
  /** The scenario as given (a built-in name or a file); a scenario loaded later through the control API is reported as an object. */
  source: string;
  /** Its name when served: a different name now means the control API loaded another. */
  sourceName: string;
  speed: number;
  clock: 'system' | 'manual';
  allowInconclusive: boolean;
  /** The signal that ended `serve`. */
  signal: string;
  /** Real ms `serve` ran. */
  wallMs: number;
}

/**
 * The verdict of `serve --report`: the current run's checks over every request the server saw from
 * the run's start to now (there is no bot process, so no `bot`), the exchange's money audit and the
 * outcome as `run` concludes it, except that the signal is serve's normal end, not an interruption.
 */
export async function serveVerdict(ex: RunningExchange, f: ServeFacts): Promise<Verdict> {
  const start = ex.engine.startTime;
  const to = ex.clock.now();
  const judged = judge(ex.scenario, ex.engine, ex.exchange, ex.journal, start, to, ex.journalFrom);
  const audit = auditExchange(ex.exchange);
  const requests = judged.phases.reduce((n, p) => n + Number(p.requests), 0);
  const c = conclude({ checks: judged.checks, requests, audit, allowInconclusive: f.allowInconclusive });
  const source: string | ScenarioInput = ex.scenario.name === f.sourceName ? f.source : ex.scenario;
  return {
    scenario: judged.scenario, passed: c.passed, outcome: c.outcome, exitCode: c.exitCode, inconclusive: c.inconclusive,
    run: {
      mode: 'serve', signal: f.signal, scenario: await scenarioIdentity(source, ex.scenario), seed: String(ex.exchange.config.seed), speed: f.speed,
      clock: f.clock, version: packageVersion(), command: [], wallMs: f.wallMs, simulatedMs: to - start,
      timeWarp: { how: 'none', note: 'serve starts no bot: its clients keep their own clocks' },
    },
    start: judged.start, end: judged.end, checks: judged.checks, phases: judged.phases, audit,
  };
}
