import fc from 'fast-check';

/*
 * Generators of hostile input for the fuzz suite: strings that break naive SQL, paths and
 * unicode handling, values of the wrong type, mutations of a plausible body (wrong types,
 * missing fields, unknown fields, smuggled ids), bodies that are not JSON objects at all,
 * and path segments that name nothing, the wrong thing, or cannot be decoded.
 */

export const SQL_FRAGMENTS = [
  "' OR '1'='1",
  "1; DROP TABLE projects; --",
  '" OR ""="',
  "') OR ('a'='a",
  "%' OR 1=1 --",
  "1' UNION SELECT * FROM user_profiles --",
  "admin'--",
  "'; DELETE FROM project_members; --",
  '\\',
  "' || pg_sleep(1) --",
];

export const PATH_FRAGMENTS = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  '....//....//',
  '%2e%2e%2f%2e%2e%2f',
  '..%252f..%252f',
  'file:///etc/passwd',
  '\\\\server\\share',
  '/api/adp/albs',
  '?limit=1#x',
  '.',
  '..',
];

export const UNICODE_FRAGMENTS = [
  'İstanbul', // lower-cases to more code units
  'ǅungla',
  'ﬀ',
  'ẞ',
  '\u202Eevil\u202C',
  '\uFEFFbom',
  '👩‍👩‍👧‍👦',
  'Ω≈ç√∫',
  '\u0000',
  'a\u0000b',
  '\u200B',
  'e\u0301',
  'ℌ𝔢𝔩𝔩𝔬',
  '😀'.repeat(60),
  'İ'.repeat(60), // fits a 100-character title, not the lower-cased key (two code units each)
  'İ'.repeat(160), // a user ref that fits 300 characters until it is lower-cased
];

const HUGE_LENGTHS = [101, 301, 2001, 5000, 20_000, 150_000];

/** A string meant to hurt: fragments, arbitrary code points, huge ones, and mixtures. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SQL_FRAGMENTS, ...PATH_FRAGMENTS, ...UNICODE_FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_LENGTHS).map(n => 'x'.repeat(n)) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...SQL_FRAGMENTS, ...PATH_FRAGMENTS, ...UNICODE_FRAGMENTS), fc.string({ maxLength: 8 })), { minLength: 2, maxLength: 4 })
      .map(parts => parts.join('')),
  },
);

/** Any JSON value, hostile strings included: for fields that expect something else. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constant({ $gt: '' }) },
);

/** Keys a hostile client may add: ids that differ from the path, server-owned fields, prototype keys. */
export const SMUGGLED_KEYS = [
  'id',
  'projectId',
  'programmeId',
  'albId',
  'memberId',
  'adminId',
  'userRef',
  'createdBy',
  'createdAt',
  'updatedBy',
  'archivedAt',
  'name',
  'admin',
  'technical',
  'role',
  '__proto__',
  'constructor',
  'prototype',
];

type Body = Record<string, unknown>;

/** Sets an own, enumerable property, even `__proto__`, as JSON.parse on the server would. */
function setOwn(body: Body, key: string, value: unknown): Body {
  const copy: Body = {};
  for (const k of Object.keys(body)) Object.defineProperty(copy, k, { value: body[k], enumerable: true, writable: true, configurable: true });
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export type Mutation = { op: 'set'; key: string; value: unknown } | { op: 'delete'; key: string } | { op: 'add'; key: string; value: unknown };

/** One to three mutations of a plausible body: wrong values, removed fields, smuggled keys. */
export function mutations(fields: readonly string[], ids: readonly string[]): fc.Arbitrary<Mutation[]> {
  const key = fields.length ? fc.constantFrom(...fields) : fc.constant('title');
  const smuggledValue = ids.length ? fc.oneof(fc.constantFrom(...ids), anyValue) : anyValue;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), key, value: anyValue }),
    fc.record({ op: fc.constant('delete' as const), key }),
    fc.record({ op: fc.constant('add' as const), key: fc.oneof(fc.constantFrom(...SMUGGLED_KEYS), fc.string({ maxLength: 12 })), value: smuggledValue }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

export function applyMutations(body: Body, ms: Mutation[]): Body {
  let out: Body = {};
  for (const k of Object.keys(body)) out = setOwn(out, k, body[k]);
  for (const m of ms) {
    if (m.op === 'delete') delete out[m.key];
    else out = setOwn(out, m.key, m.value);
  }
  return out;
}

/** A request body as sent: JSON of a value, or raw text with a content type. */
export type BodyCase =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; note: string }
  | { kind: 'raw'; text: string; type: string; note: string };

/** Bodies that are not a JSON object: malformed JSON, primitives, arrays, other content types. */
export const rawBodies: fc.Arbitrary<BodyCase> = fc.oneof(
  fc.constantFrom(
    '{"title":',
    "{'title': 'x'}",
    'NaN',
    '{"a":1}}',
    '\u0000',
    '{"title":"x","title":"y"',
    '[',
    '{"__proto__":{"admin":true}',
    '',
  ).map(text => ({ kind: 'raw' as const, text, type: 'application/json', note: 'malformed JSON' })),
  anyValue.map(v => ({ kind: 'raw' as const, text: JSON.stringify(v) ?? 'null', type: 'application/json', note: 'JSON that is not an object' })),
  fc.array(anyValue, { maxLength: 3 }).map(v => ({ kind: 'raw' as const, text: JSON.stringify(v), type: 'application/json', note: 'JSON array' })),
  fc.nat({ max: 2000 }).map(depth => ({ kind: 'raw' as const, text: `${'['.repeat(depth)}${']'.repeat(depth)}`, type: 'application/json', note: 'deeply nested' })),
  hostileString.map(text => ({ kind: 'raw' as const, text, type: 'text/plain', note: 'text/plain' })),
  fc.constant({ kind: 'raw' as const, text: 'title=x&description=y', type: 'application/x-www-form-urlencoded', note: 'form-encoded' }),
);

/**
 * What the server's body parser makes of a body: the value a route's schema sees, or
 * `rejected` when the JSON parser refuses it before any route runs.
 */
export function parsedBody(body: BodyCase): { rejected: true } | { rejected: false; value: unknown } {
  if (body.kind === 'none') return { rejected: false, value: undefined };
  const text = body.kind === 'json' ? JSON.stringify(body.value) : body.text;
  // Other content types are not read at all: the routes see an empty object.
  if (body.kind === 'raw' && body.type !== 'application/json') return { rejected: false, value: {} };
  // The first JSON parser on the way (the provisioning router's) takes at most 100 kB.
  if (Buffer.byteLength(text) > 100_000) return { rejected: true };
  if (body.kind === 'json') return { rejected: false, value: body.value };
  // As body-parser: an empty body is {}; strict mode takes only objects and arrays.
  if (text.length === 0) return { rejected: false, value: {} };
  const first = /^[ \t\n\r]*([^ \t\n\r])/.exec(text)?.[1];
  if (first !== '{' && first !== '[') return { rejected: true };
  try {
    return { rejected: false, value: JSON.parse(text) };
  } catch {
    return { rejected: true };
  }
}

/** Whether any string or key of a JSON value holds U+0000 (JSON.parse would give it back). */
export function hasNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string' && v.includes('\u0000')) return true;
    if (v && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (key.includes('\u0000')) return true;
        pending.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** A path segment: its encoded form as sent and what the server decodes it to (undefined: it cannot). */
export interface Segment {
  encoded: string;
  decoded?: string;
  note: string;
}

const encode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    // Lone surrogates cannot be URL-encoded: a client sends the replacement character.
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
};
const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

export const segment = (value: string, note: string): Segment => {
  const encoded = encode(value);
  return { encoded, decoded: decode(encoded), note };
};

/** A path segment that names no record (or the wrong kind of record). */
export function hostileSegment(otherIds: readonly string[]): fc.Arbitrary<Segment> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.uuid().map(u => segment(u, 'unknown uuid')) },
    { weight: 2, arbitrary: otherIds.length ? fc.constantFrom(...otherIds).map(id => segment(id, 'id of another record')) : fc.uuid().map(u => segment(u, 'unknown uuid')) },
    { weight: 4, arbitrary: hostileString.filter(s => s.length <= 1500).map(s => segment(s, 'hostile string')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%252e%252e%252f', '%u0041').map(raw => ({ encoded: raw, decoded: decode(raw), note: 'raw escape' })),
    },
  );
}
