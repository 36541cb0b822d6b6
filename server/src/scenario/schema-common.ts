import * as z from 'zod';
import { DURATION_PATTERN, parseDuration } from '../clock/duration.js';
import { parseDec } from '../exchange/decimal.js';
import { found, schemaWords } from './schema-words.js';
import { pairNamed } from './names.js';

/** Decimal amounts are written as strings ("2.5") or plain numbers (2.5) in YAML. */
export const decimalTextSchema = z
  .union([z.string(), z.number()])
  .refine((v) => parseDec(String(v)) !== undefined, { message: 'expected a decimal number such as "2.5"' })
  .meta({ id: 'decimal' });

/** What a duration looks like, for messages. */
const DURATION_WORDS = 'a duration: a number and a unit (ms, s, m, h or d) such as "800ms", "90s", "10m" or "1h30m"';
const durationWords = { words: DURATION_WORDS, short: 'a duration such as "10m"' };

/** Durations are strings: `800ms`, `30s`, `2m`, `1h30m` (the pattern is in the JSON Schema too). */
export const durationSchema = z
  .string()
  .regex(new RegExp(DURATION_PATTERN), { error: (iss) => `expected ${DURATION_WORDS}, found ${found(iss.input)}`, abort: true })
  .meta({ id: 'duration' })
  .register(schemaWords, durationWords);

/** A duration that must be longer than zero (phase lengths). */
export const positiveDurationSchema = durationSchema
  .refine((v) => (parseDuration(v) as number) > 0, { error: (iss) => `expected a duration longer than zero, found ${found(iss.input)}` })
  .meta({ id: 'positiveDuration' })
  .register(schemaWords, durationWords);

/** A pair by any name Kraken or the domain uses (XBT/USD, BTC/USD, XBTUSD, XXBTZUSD). */
export const pairNameSchema = z.string().refine((v) => pairNamed(v) !== undefined, { message: 'unknown pair' }).meta({ id: 'pair' });

/** A probability, 0..1. */
export const probabilitySchema = z.number().min(0).max(1).meta({ id: 'probability' });
