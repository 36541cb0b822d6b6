/**
 * chaos-exchange's programmatic API: start an exchange for a test suite, load scenarios, drive
 * the manual clock, or serve the Kraken REST routes from another transport.
 */
export { startExchange, createExchange, loadScenario, driveExchange, ScenarioError } from './app.js';
export type { StartOptions, RunningExchange, AccountCredentials, ClockFor } from './app.js';
export { ManualClock, SystemClock } from './clock/clock.js';
export type { Clock, Timer } from './clock/clock.js';
export { Rng } from './clock/rng.js';
export { parseDuration, formatDuration } from './clock/duration.js';
export { Exchange } from './exchange/exchange.js';
export { createKrakenApi, envelope } from './api/kraken/rest/handler.js';
export { createKrakenService } from './api/kraken/rest/service.js';
export type { Plan, FaultSource } from './api/kraken/rest/service.js';
export type { Action, Outcome } from './faults/outcome.js';
export { ScenarioEngine } from './scenario/engine.js';
export type { HttpRequest, HttpResponse } from './api/kraken/rest/handler.js';
export { ROUTES } from './api/kraken/rest/routes/index.js';
export { StatusPage } from './api/status/status-page.js';
export { statusRouter, STATUS_ROUTES } from './api/status/express.js';
export { COMPONENT_STATUSES } from './scenario/status-schema.js';
export type { ComponentStatus, Impact, PhaseStatusDecl } from './scenario/status-schema.js';
export { sign as krakenSign } from './api/kraken/rest/auth.js';
export { parseScenario, loadScenarioFile, formatIssue } from './scenario/load.js';
export type { ScenarioIssue } from './scenario/load.js';
export { scenarioSchema } from './scenario/schema.js';
export type { Scenario, ScenarioInput } from './scenario/schema.js';
export { judgeBot, simulateBot, drive } from './testing/judge-bot.js';
export type { SimBot, SimBotContext, JudgeBotOptions, JudgedBot, SimulatedRun } from './testing/judge-bot.js';
export { SimClient } from './testing/sim-client.js';
export type { SimRequest, SimResponse } from './testing/sim-client.js';
export { runScenario, RUN_EXIT, RunUsageError, DEFAULT_GRACE_MS } from './run-mode.js';
export type { RunOptions, RunIo, TimeWarp, BotProcess, BotExit, BotStop } from './run-mode.js';
export { judge } from './verdict/verdict.js';
export type { Verdict, CheckResult } from './verdict/verdict.js';
export type { BotEnd, RunInfo, RunOutcome } from './verdict/outcome.js';
export type { CheckId, ExpectDecl } from './verdict/expect-schema.js';
