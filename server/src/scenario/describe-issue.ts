import type { z } from 'zod';
import { scenarioSchema } from './schema.js';
import { keysAt, suggest } from './suggest.js';
import type { Problem } from './validate.js';

/** What a value is, for "found …": its type, or the value itself for YAML's .inf and .nan (a number that is not one). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return typeof v;
}

/** A zod issue as the scenario's problems, in words (one line each, with a did-you-mean where a close name exists). */
export function describeIssue(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    return [{ path, message: words(issue, keysAt(scenarioSchema, issue.path)), at: 'value', unknownKey: issue.keys[0] }];
  }
  return [{ path, message: words(issue, []), at: issue.code === 'invalid_key' ? 'key' : 'value' }];
}

function words(issue: z.core.$ZodIssue, known: string[]): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => {
        const near = suggest(k, known);
        return `unknown key "${k}"${near ? ` (did you mean "${near}"?)` : known.length ? ` (expected one of: ${known.join(', ')})` : ''}`;
      }).join('; ');
    case 'invalid_type':
      return `expected ${issue.expected}${issue.input === undefined ? ', but it is missing' : `, found ${kindOf(issue.input)}`}`;
    case 'invalid_key':
      return issue.issues[0]?.message ?? issue.message;
    case 'invalid_union': {
      // One line saying what each accepted form wanted: "expected one of … or expected object, found string".
      const branches = issue.errors.map((b) => (b[0] ? words(b[0], []) : '')).filter(Boolean);
      return branches.length ? [...new Set(branches)].join(' or ') : issue.message;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}
