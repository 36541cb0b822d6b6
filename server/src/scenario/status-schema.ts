import * as z from 'zod';
import { durationSchema } from './schema-common.js';

/** Statuspage component statuses, from best to worst (the order ranks them). */
export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export const componentStatusSchema = z.enum(COMPONENT_STATUSES);
export type ComponentStatus = z.infer<typeof componentStatusSchema>;

/** Statuspage impacts of an incident or maintenance, from none to critical. */
export const IMPACTS = ['none', 'maintenance', 'minor', 'major', 'critical'] as const;
export const impactSchema = z.enum(IMPACTS);
export type Impact = z.infer<typeof impactSchema>;

/** A phase's incident (or maintenance) title, impact and update status, each overriding the derived one. */
export const incidentDeclSchema = z.strictObject({
  name: z.string().min(1).max(120).optional().describe('Title of the incident or maintenance (default: from the phase name).'),
  impact: impactSchema.optional().describe('Impact shown (default: from the worst component; `maintenance` for a maintenance).'),
  status: z.enum(['investigating', 'identified', 'monitoring']).optional()
    .describe('Status of the update posted for this phase (default: investigating first, then identified, monitoring once things improve).'),
});

/**
 * How the status page (`/api/v2/*.json`) shows a phase. Everything is derived from the phase
 * (mode, funding, fault rules) unless given here; what is given here overrides it.
 */
export const phaseStatusSchema = z.strictObject({
  components: z.record(z.string(), componentStatusSchema).optional()
    .describe('Component statuses during the phase, by component name ("REST API", "Websocket", "Trading", "Website", "Digital Currency Funding - Bitcoin (BTC)") or group ("Kraken API", "Funding": all its components).'),
  incident: incidentDeclSchema.optional().describe('The incident (or scheduled maintenance) this phase belongs to; given on a calm phase, it opens one anyway.'),
  body: z.string().min(1).optional().describe('Text of the update the page posts when the phase starts.'),
  lag: durationSchema.optional().describe('The page reacts this long after the phase starts (status pages trail real trouble); shorter than the phase. Default 0s.'),
  announce: z.union([durationSchema, z.literal(false)]).optional()
    .describe('Scheduled maintenance: listed as upcoming this long before the phase starts. Default 1h for a `maintenance` phase; `false` = an unannounced outage (an incident, components major_outage); a duration on another phase makes it a maintenance too.'),
}).describe('How the Statuspage-style status API shows this phase (default: derived from the phase).');
export type PhaseStatusDecl = z.infer<typeof phaseStatusSchema>;
