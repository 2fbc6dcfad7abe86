/*
 * Small HTTP helpers for the process-based runs: calls to /api/adp and
 * /api/permission/authorize with a real user token, timed, with a timeout (no call may hang
 * a run).
 */
import { adpPermissionsByName } from '@adp-portal/plugin-adp-common';

export interface ApiResult {
  status: number;
  body: any;
  ms: number;
  /** Set when no HTTP answer came: connection refused or reset, or the timeout. */
  error?: string;
}

export async function api(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<ApiResult> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, ms: performance.now() - started };
  } catch (error: any) {
    const cause = error?.cause?.code ?? error?.name ?? String(error);
    return { status: 0, body: undefined, ms: performance.now() - started, error: String(cause) };
  }
}

/** One permission request as the frontend's permission client sends it. */
export function authorizeItem(name: string, resourceRef?: string, id = '1') {
  const permission = adpPermissionsByName.get(name);
  if (!permission) throw new Error(`Unknown ADP permission ${name}`);
  return { id, permission, ...(resourceRef ? { resourceRef } : {}) };
}

/** The decision for the token's user, through the permission backend (conditions applied). */
export async function decision(baseUrl: string, token: string, name: string, resourceRef?: string): Promise<'ALLOW' | 'DENY'> {
  const res = await api(baseUrl, token, 'POST', '/api/permission/authorize', { items: [authorizeItem(name, resourceRef)] }, 10_000);
  if (res.status !== 200) throw new Error(`authorize ${name} on ${baseUrl}: ${res.status} ${res.error ?? JSON.stringify(res.body)}`);
  return res.body.items[0].result;
}

export function expectStatus(res: ApiResult, expected: number[], what: string): ApiResult {
  if (!expected.includes(res.status)) {
    throw new Error(`${what}: expected ${expected.join('/')}, got ${res.status} ${res.error ?? JSON.stringify(res.body)?.slice(0, 500)}`);
  }
  return res;
}
