import { createPrivateKey, sign } from 'node:crypto';

/*
 * A GitHub App authenticates as itself with a JSON Web Token signed RS256 by its private key:
 * `iss` the app id, issued 60 s in the past (clock drift), expiring within GitHub's 10-minute
 * maximum. Only a few app-level reads need it (the installation and its permissions); the
 * Backstage integration keeps its own JWTs to itself.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT for the app, valid for nine minutes from `nowMs`. */
export function githubAppJwt(appId: number | string, privateKey: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  // Keys in app-config often carry literal \n (as the integration accepts them).
  const key = createPrivateKey(privateKey.replace(/\\n/g, '\n'));
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iat: now - 60, exp: now + 540, iss: String(appId) })}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url')}`;
}
