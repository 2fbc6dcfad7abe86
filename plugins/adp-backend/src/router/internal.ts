import Router from 'express-promise-router';
import { RouterContext } from './context';

/** For the permission policy and the catalog module: service principals only. */
export function internalRouter(ctx: RouterContext) {
  const router = Router();
  const { internal } = ctx.services;
  const serviceOnly = (req: Parameters<typeof ctx.httpAuth.credentials>[0]) => ctx.httpAuth.credentials(req, { allow: ['service'] });
  router.get('/internal/role-index', async (req, res) => {
    await serviceOnly(req);
    res.json(await internal.roleIndex(req.query));
  });
  router.get('/internal/role-index/changes', async (req, res) => {
    await serviceOnly(req);
    res.json(await internal.roleChanges(req.query.since));
  });
  router.get('/internal/catalog-source', async (req, res) => {
    await serviceOnly(req);
    res.json(await internal.catalogSource(req.query));
  });
  return router;
}
