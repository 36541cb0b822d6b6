import type { z } from 'zod';
import { scenarioSchema } from './schema.js';
import { core, schemasAt, type SchemaNode } from './schema-walk.js';
import { found, schemaWords, wordsFor } from './schema-words.js';
import { keysAt, suggest } from './suggest.js';
import type { Problem } from './validate.js';

type Path = (string | number)[];

/** ` (did you mean "x"?)` when a string is close to one of the names, else `fallback`. */
function didYouMean(v: unknown, names: readonly unknown[], fallback = ''): string {
  const near = typeof v === 'string' ? suggest(v, names.filter((n): n is string => typeof n === 'string')) : undefined;
  return near !== undefined ? ` (did you mean "${near}"?)` : fallback;
}

/**
 * zod's messages for the leaf problems, in words, given to every scenario parse (a schema's own
 * message still wins): what was expected (a schema's registered words where its type says too
 * little), what was found, and a did-you-mean for a misspelt name.
 */
export const inWords: z.core.$ZodErrorMap = (iss) => {
  const schema = (iss as { inst?: unknown }).inst as SchemaNode | undefined;
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return `expected ${iss.expected}, but it is missing`;
      const words = schema && schemaWords.get(schema as unknown as z.ZodType)?.words;
      return `expected ${words ?? iss.expected}, found ${found(iss.input)}`;
    }
    case 'invalid_value': {
      const values = iss.values.map((v) => JSON.stringify(v));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return `expected ${expected}, found ${found(iss.input)}${didYouMean(iss.input, iss.values)}`;
    }
    case 'too_small': case 'too_big': {
      const bound = iss.code === 'too_small' ? (iss.inclusive === false ? 'more than' : 'at least') : iss.inclusive === false ? 'less than' : 'at most';
      const limit = String(iss.code === 'too_small' ? iss.minimum : iss.maximum);
      const input = iss.input as { length?: number } | undefined;
      if (iss.origin === 'array') return `expected ${bound} ${limit} items, found ${input?.length}`;
      if (iss.origin === 'string') return `expected ${bound} ${limit} characters, found ${input?.length}`;
      return `expected a number ${bound} ${limit}, found ${String(iss.input)}`;
    }
    case 'invalid_format':
      return iss.format === 'datetime' ? `expected a UTC date and time such as "2026-01-01T00:00:00Z", found ${found(iss.input)}` : undefined;
    default:
      return undefined;
  }
};

/**
 * A zod issue as the scenario's problems, each one line: unknown keys with the key they were
 * probably meant to be, an unknown discriminator ("unknown fault kind") with the close kind, and a
 * union reduced to the form the value was evidently written in (an object's inner problems at
 * their own path) or else to what each form accepts, in words.
 */
export function describeIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path as Path;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(scenarioSchema, path);
      const message = issue.keys.map((k) => `unknown key "${k}"${didYouMean(k, known, known.length ? ` (expected one of: ${known.join(', ')})` : '')}`).join('; ');
      return [{ path, message, at: 'value', unknownKey: issue.keys[0] }];
    }
    case 'invalid_key':
      return [{ path, message: issue.issues[0]?.message ?? issue.message, at: 'key' }];
    case 'invalid_union':
      return 'discriminator' in issue && typeof issue.discriminator === 'string' ? [unknownMember(issue, path)] : unionProblems(issue, path);
    default:
      return [{ path, message: issue.message, at: 'value' }];
  }
}

/** A discriminated union whose key (`kind`) names no member: the close name, or all of them. */
function unknownMember(issue: z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] }, path: Path): Problem {
  const union = schemasAt(scenarioSchema as unknown as SchemaNode, path.slice(0, -1)).map(core).find((n) => n._zod.def.type === 'union');
  const noun = union ? schemaWords.get(union as unknown as z.ZodType)?.noun : undefined;
  const what = `${noun ? `${noun} ` : ''}${issue.discriminator}`;
  const names = issue.options ?? [];
  const list = ` (${issue.discriminator}s: ${names.join(', ')})`;
  const input = ((issue as { input?: unknown }).input as Record<string, unknown> | undefined)?.[issue.discriminator!];
  const message = input === undefined
    ? `a ${noun ?? 'value'} needs a ${issue.discriminator}${list}`
    : `unknown ${what} ${typeof input === 'string' ? JSON.stringify(input) : found(input)}${didYouMean(input, names, list)}`;
  return { path, message, at: 'value' };
}

/**
 * Whether a union member refused the value for its form (a number where it wants an object, `false`
 * where it wants `true`) rather than its content (a misspelt name where it wants one of its names).
 */
function wrongType(i: z.core.$ZodIssue, input: unknown): boolean {
  if (i.path.length > 0) return false;
  if (i.code === 'invalid_value') return typeof input !== 'string' || i.values.every((v) => typeof v !== 'string');
  return i.code === 'invalid_type';
}

function unionProblems(issue: z.core.$ZodIssueInvalidUnion, path: Path): Problem[] {
  const input = (issue as { input?: unknown }).input;
  const members = issue.errors.filter((b) => b.length > 0);
  // The member the value was written as: its problems are inside the value, or about its content.
  const chosen = members.find((b) => b.every((i) => i.path.length > 0)) ?? members.find((b) => b.every((i) => !wrongType(i, input)));
  if (chosen) return chosen.flatMap((i) => describeIssue({ ...i, path: [...path, ...i.path] } as z.core.$ZodIssue));
  const union = schemasAt(scenarioSchema as unknown as SchemaNode, path)[0];
  const expected = union ? wordsFor(union) : issue.message;
  return [{ path, message: `expected ${expected}, found ${found(input)}`, at: 'value' }];
}
