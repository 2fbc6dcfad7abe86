import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

export function albsRouter(ctx: RouterContext) {
  const router = Router();
  const { albs, history } = ctx.services;
  router.get('/albs', async (req, res) => {
    res.json(await albs.list(await caller(ctx, req), req.query));
  });
  router.get('/albs/:id', async (req, res) => {
    res.json(await albs.get(await caller(ctx, req), req.params.id));
  });
  router.get('/albs/:id/history', async (req, res) => {
    res.json(await history.page(await caller(ctx, req), 'albs', req.params.id, req.query));
  });
  router.post('/albs', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(await audited(ctx, req, 'alb-create', {}, () => albs.create(credentials, req.body)));
  });
  router.patch('/albs/:id', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'alb-update', { id: req.params.id }, () => albs.update(credentials, req.params.id, req.body)));
  });
  return router;
}
