/**
 * Parameters of the ADP catalog rules: the user refs to look for.
 *
 * @public
 */
export interface ClaimsParams {
  [key: string]: string[];
  claims: string[];
}

const JSON_SCHEMA = {
  type: 'object',
  properties: {
    claims: {
      type: 'array',
      items: { type: 'string' },
      description: "User entity refs, usually the caller's ownership claims (e.g. user:default/tess)",
    },
  },
  required: ['claims'],
  additionalProperties: false,
};

type Issue = { message: string; path?: PropertyKey[] };

/**
 * A Standard Schema with JSON Schema output for `{ claims: string[] }`, as permission rules
 * take. Written out because this package has no schema library of its own and the
 * zod v3 form of `createPermissionRule` is deprecated.
 */
export const claimsParamsSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'adp-portal',
    validate(value: unknown): { value: ClaimsParams } | { issues: Issue[] } {
      if (typeof value !== 'object' || value === null) {
        return { issues: [{ message: 'Expected an object with claims' }] };
      }
      const claims = (value as { claims?: unknown }).claims;
      if (!Array.isArray(claims) || !claims.every(c => typeof c === 'string')) {
        return { issues: [{ message: 'claims must be an array of strings', path: ['claims'] }] };
      }
      return { value: { claims } };
    },
    jsonSchema: {
      input: () => JSON_SCHEMA,
      output: () => JSON_SCHEMA,
    },
  },
};
