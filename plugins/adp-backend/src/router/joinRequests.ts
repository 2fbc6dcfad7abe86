import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

/** Requests to join a project team, and the team admins' answers. */
export function joinRequestsRouter(ctx: RouterContext) {
  const router = Router();
  const { joinRequests } = ctx.services;
  // Only people ask to join a team or answer: a service has no place on one.
  const user = (req: Parameters<typeof ctx.httpAuth.credentials>[0]) => ctx.httpAuth.credentials(req, { allow: ['user'] });

  router.get('/projects/:id/join-requests', async (req, res) => {
    res.json(await joinRequests.list(await caller(ctx, req), req.params.id));
  });
  router.post('/projects/:id/join-requests', async (req, res) => {
    const credentials = await user(req);
    res.status(201).json(
      await audited(ctx, req, 'team-join-request', { projectId: req.params.id }, () => joinRequests.ask(credentials, req.params.id, req.body)),
    );
  });
  router.post('/join-requests/:requestId/decision', async (req, res) => {
    const credentials = await user(req);
    const { requestId } = req.params;
    res.json(await audited(ctx, req, 'team-join-request-decision', { requestId }, () => joinRequests.decide(credentials, requestId, req.body)));
  });
  return router;
}
