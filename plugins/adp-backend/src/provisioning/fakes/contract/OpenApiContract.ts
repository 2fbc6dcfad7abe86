import { RecordedCall } from '../FakeHttpServer';

/*
 * Checks recorded calls against a vendor's published API description (Swagger 2.0 or OpenAPI 3):
 * the operation exists, its query parameters are declared and the required ones sent, the
 * request body and the response body match their schemas, and the status is one it documents.
 */

type Schema = Record<string, any>;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  op: Record<string, any>;
  pathParameters: Array<Record<string, any>>;
}

export interface ContractOptions {
  /** Path prefix the spec has and the fake's URLs lack, e.g. `/{organization}`. */
  stripPrefix?: string;
  /** Azure DevOps wraps collections in `{ count, value }`; its specs describe the bare array. */
  collectionEnvelope?: boolean;
}

export class OpenApiContract {
  private readonly operations: Operation[] = [];

  constructor(
    private readonly spec: Record<string, any>,
    private readonly options: ContractOptions = {},
  ) {
    for (const [template, item] of Object.entries<Record<string, any>>(
      spec.paths,
    )) {
      const path =
        options.stripPrefix && template.startsWith(options.stripPrefix)
          ? template.slice(options.stripPrefix.length)
          : template;
      const pattern = new RegExp(
        `^${path.replace(/[.$]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
        'i',
      );
      for (const [method, op] of Object.entries<Record<string, any>>(item)) {
        if (method === 'parameters') continue;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          op,
          pathParameters: item.parameters ?? [],
        });
      }
    }
  }

  private resolve(node: any): any {
    let n = node;
    while (n && typeof n === 'object' && typeof n.$ref === 'string') {
      n = n.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce(
          (o: any, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')],
          this.spec,
        );
    }
    return n;
  }

  /** The documented operation of a call, preferring literal paths over templated ones. */
  operation(method: string, path: string): Operation | undefined {
    const matches = this.operations.filter(
      o => o.method === method && o.pattern.test(path),
    );
    return matches.sort(
      (a, b) =>
        (a.template.match(/\{/g)?.length ?? 0) -
        (b.template.match(/\{/g)?.length ?? 0),
    )[0];
  }

  /** Every way the call departs from the description; empty when it conforms. */
  check(call: RecordedCall): string[] {
    const where = `${call.method} ${call.path}${call.query ?? ''}`;
    const o = this.operation(call.method, call.path);
    if (!o) return [`${where}: no such operation in the description`];
    const problems: string[] = [];
    const parameters = [...o.pathParameters, ...(o.op.parameters ?? [])].map(
      p => this.resolve(p),
    );
    const query = new URLSearchParams(call.query ?? '');
    const declared = parameters.filter(p => p.in === 'query');
    for (const name of new Set(query.keys())) {
      if (!declared.some(p => p.name.toLowerCase() === name.toLowerCase()))
        problems.push(`${where}: query parameter ${name} is not declared`);
    }
    for (const p of declared) {
      if (
        p.required &&
        ![...query.keys()].some(k => k.toLowerCase() === p.name.toLowerCase())
      ) {
        problems.push(
          `${where}: required query parameter ${p.name} is missing`,
        );
      }
    }
    const requestSchema =
      parameters.find(p => p.in === 'body')?.schema ??
      this.resolve(o.op.requestBody)?.content?.['application/json']?.schema;
    if (call.requestBody !== undefined && requestSchema) {
      problems.push(
        ...this.validate(
          call.requestBody,
          requestSchema,
          `${where} request body`,
        ),
      );
    }
    const response = this.resolve(
      o.op.responses?.[String(call.status)] ?? o.op.responses?.default,
    );
    // A conditional GET (If-None-Match) may be answered 304 with no body by any operation
    // (RFC 9110 §13.1.2; GitHub: "Use conditional requests if appropriate"), listed or not.
    if (!response && call.status === 304) {
      if (call.method !== 'GET' || !call.ifNoneMatch) problems.push(`${where}: 304 without a conditional GET (If-None-Match)`);
      if (call.responseBody !== undefined) problems.push(`${where}: 304 with a body`);
      return problems;
    }
    if (!response) {
      // Errors and throttling are answered by every operation; the descriptions list few of them.
      if (call.status < 400)
        problems.push(
          `${where}: status ${call.status} is not documented (${Object.keys(
            o.op.responses ?? {},
          ).join(', ')})`,
        );
      return problems;
    }
    const responseSchema =
      response.schema ?? response.content?.['application/json']?.schema;
    if (responseSchema && call.responseBody !== undefined) {
      let body = call.responseBody as any;
      const resolved = this.resolve(responseSchema);
      if (
        this.options.collectionEnvelope &&
        resolved?.type === 'array' &&
        body &&
        Array.isArray(body.value)
      )
        body = body.value;
      problems.push(
        ...this.validate(
          body,
          responseSchema,
          `${where} response ${call.status}`,
        ),
      );
    }
    return problems;
  }

  /** A structural JSON Schema check: types, required properties, enums, nullability, composition. */
  validate(value: unknown, node: Schema, at: string): string[] {
    const s = this.resolve(node);
    if (!s || typeof s !== 'object') return [];
    if (value === null)
      return s.nullable ||
        s['x-nullable'] ||
        s.type === 'null' ||
        (Array.isArray(s.type) && s.type.includes('null')) ||
        !s.type
        ? []
        : [`${at}: null is not allowed`];
    if (s.allOf)
      return s.allOf.flatMap((sub: Schema) => this.validate(value, sub, at));
    for (const key of ['oneOf', 'anyOf']) {
      if (s[key]) {
        const results = s[key].map((sub: Schema) =>
          this.validate(value, sub, at),
        );
        return results.some((r: string[]) => r.length === 0)
          ? []
          : [`${at}: matches none of ${key}`];
      }
    }
    const types: string[] = Array.isArray(s.type)
      ? s.type
      : s.type
      ? [s.type]
      : [];
    const actual = Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
      ? 'integer'
      : typeof value;
    if (
      types.length &&
      !types.some(t => t === actual || (t === 'number' && actual === 'integer'))
    ) {
      return [`${at}: expected ${types.join(' or ')}, got ${actual}`];
    }
    if (s.enum && !s.enum.includes(value))
      return [
        `${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`,
      ];
    const problems: string[] = [];
    if (Array.isArray(value) && s.items)
      value.forEach((v, i) =>
        problems.push(...this.validate(v, s.items, `${at}[${i}]`)),
      );
    if (actual === 'object' && !Array.isArray(value)) {
      const obj = value as Record<string, unknown>;
      for (const r of s.required ?? [])
        if (!(r in obj))
          problems.push(`${at}: required property ${r} is missing`);
      for (const [k, v] of Object.entries(obj)) {
        if (s.properties?.[k])
          problems.push(...this.validate(v, s.properties[k], `${at}.${k}`));
        else if (s.additionalProperties === false)
          problems.push(`${at}: property ${k} is not allowed`);
      }
    }
    return problems;
  }
}

/** Reads a vendor's JSON description (some start with a byte order mark). */
export function readDescription(text: string): Record<string, any> {
  return JSON.parse(text.replace(/^\uFEFF/, ''));
}
