import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

export function serviceAccountsRouter(ctx: RouterContext) {
  const router = Router();
  const { serviceAccounts } = ctx.services;
  router.get('/service-accounts', async (req, res) => {
    res.json(await serviceAccounts.list(await caller(ctx, req)));
  });
  router.post('/service-accounts', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(await audited(ctx, req, 'service-account-create', {}, () => serviceAccounts.create(credentials, req.body)));
  });
  router.delete('/service-accounts/:id', async (req, res) => {
    const credentials = await caller(ctx, req);
    await audited(ctx, req, 'service-account-remove', { id: req.params.id }, () => serviceAccounts.remove(credentials, req.params.id));
    res.status(204).end();
  });
  return router;
}
