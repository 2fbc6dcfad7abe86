import { AuditorService, BackstageCredentials, HttpAuthService } from '@backstage/backend-plugin-api';
import { Request } from 'express';
import { AdpServices } from '../service/createServices';

export interface RouterContext {
  services: AdpServices;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}

export const caller = (ctx: RouterContext, req: Request): Promise<BackstageCredentials> => ctx.httpAuth.credentials(req);

/** Runs a mutation as an audit event: success with the record id, or failure with the error. */
export async function audited<T>(
  ctx: RouterContext,
  req: Request,
  eventId: string,
  meta: Record<string, string>,
  fn: () => Promise<T>,
): Promise<T> {
  const event = await ctx.auditor.createEvent({ eventId, severityLevel: 'medium', request: req, meta });
  try {
    const result = await fn();
    const id = (result as { id?: unknown } | undefined)?.id;
    await event.success(typeof id === 'string' ? { meta: { id } } : undefined);
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
