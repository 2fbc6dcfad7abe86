import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

export function profilesRouter(ctx: RouterContext) {
  const router = Router();
  const { profiles } = ctx.services;
  router.get('/profiles/:userRef', async (req, res) => {
    res.json(await profiles.get(await caller(ctx, req), req.params.userRef));
  });
  router.patch('/profiles/:userRef', async (req, res) => {
    const credentials = await caller(ctx, req);
    const { userRef } = req.params;
    res.json(await audited(ctx, req, 'user-profile-update', { userRef }, () => profiles.update(credentials, userRef, req.body)));
  });
  router.post('/profiles/:userRef/github', async (req, res) => {
    const credentials = await caller(ctx, req);
    const { userRef } = req.params;
    res.json(await audited(ctx, req, 'user-profile-link-github', { userRef }, () => profiles.linkGithub(credentials, userRef, req.body)));
  });
  return router;
}
