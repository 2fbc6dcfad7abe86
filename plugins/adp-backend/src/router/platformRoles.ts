import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

export function platformRolesRouter(ctx: RouterContext) {
  const router = Router();
  const { platformRoles } = ctx.services;
  router.get('/platform-roles', async (req, res) => {
    res.json(await platformRoles.list(await caller(ctx, req)));
  });
  router.post('/platform-roles', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(await audited(ctx, req, 'platform-role-assign', {}, () => platformRoles.assign(credentials, req.body)));
  });
  router.delete('/platform-roles/:id', async (req, res) => {
    const credentials = await caller(ctx, req);
    await audited(ctx, req, 'platform-role-remove', { id: req.params.id }, () => platformRoles.remove(credentials, req.params.id));
    res.status(204).end();
  });
  return router;
}
