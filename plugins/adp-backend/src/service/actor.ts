import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who is acting, for stamps and history: the user ref or the service subject. */
export function actorRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  if (p.type === 'user' && p.userEntityRef) return p.userEntityRef;
  if (p.type === 'service' && p.subject) return p.subject;
  return 'unknown';
}

/** The caller's user ref, when the caller is a user. */
export function userRefOf(credentials: BackstageCredentials): string | undefined {
  const p = credentials.principal as { type: string; userEntityRef?: string };
  return p.type === 'user' ? p.userEntityRef : undefined;
}

export const now = () => new Date().toISOString();
