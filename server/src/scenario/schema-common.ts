import * as z from 'zod';
import { parseDuration } from '../clock/duration.js';
import { parseDec } from '../exchange/decimal.js';
import { findPair } from '../exchange/pairs.js';

/** Decimal amounts are written as strings ("2.5") or plain numbers (2.5) in YAML. */
export const decimalTextSchema = z
  .union([z.string(), z.number()])
  .refine((v) => parseDec(String(v)) !== undefined, { message: 'expected a decimal number such as "2.5"' });

/** Durations are strings: `800ms`, `30s`, `2m`, `1h30m`. */
export const durationSchema = z
  .string()
  .refine((v) => parseDuration(v) !== undefined, { message: 'expected a duration such as "800ms", "30s", "2m" or "1h30m"' });

/** A duration that must be longer than zero (phase lengths). */
export const positiveDurationSchema = durationSchema.refine((v) => (parseDuration(v) as number) > 0, { message: 'expected a duration longer than zero' });

/** A pair by any name Kraken or the domain uses (XBT/USD, BTC/USD, XBTUSD, XXBTZUSD). */
export const pairNameSchema = z.string().refine((v) => findPair(v) !== undefined, { message: 'unknown pair' });

/** A probability, 0..1. */
export const probabilitySchema = z.number().min(0).max(1);
