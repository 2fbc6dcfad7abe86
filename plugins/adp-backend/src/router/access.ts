import { buildPermissionMatrix, permissionMatrixToCsv } from '@adp-portal/plugin-adp-common';
import Router from 'express-promise-router';
import { caller, RouterContext } from './context';

export function accessRouter(ctx: RouterContext) {
  const router = Router();
  const { access } = ctx.services;
  router.get('/access/me', async (req, res) => {
    const credentials = await ctx.httpAuth.credentials(req, { allow: ['user'] });
    res.json(await access.me(credentials));
  });
  router.get('/access/explain', async (req, res) => {
    res.json(await access.explain(await caller(ctx, req), req.query));
  });
  router.get('/access/matrix', async (req, res) => {
    await caller(ctx, req);
    res.json(buildPermissionMatrix());
  });
  router.get('/access/matrix.csv', async (req, res) => {
    await caller(ctx, req);
    res
      .type('text/csv')
      .attachment('adp-permission-matrix.csv')
      .send(permissionMatrixToCsv(buildPermissionMatrix()));
  });
  return router;
}
