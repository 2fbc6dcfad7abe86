import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

export function programmesRouter(ctx: RouterContext) {
  const router = Router();
  const { programmes, history } = ctx.services;
  router.get('/programmes', async (req, res) => {
    res.json(await programmes.list(await caller(ctx, req), req.query));
  });
  router.get('/programmes/:id', async (req, res) => {
    res.json(await programmes.get(await caller(ctx, req), req.params.id));
  });
  router.get('/programmes/:id/history', async (req, res) => {
    res.json(await history.page(await caller(ctx, req), 'programmes', req.params.id, req.query));
  });
  router.post('/programmes', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(await audited(ctx, req, 'programme-create', {}, () => programmes.create(credentials, req.body)));
  });
  router.patch('/programmes/:id', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'programme-update', { id: req.params.id }, () => programmes.update(credentials, req.params.id, req.body)));
  });
  router.post('/programmes/:id/archive', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'programme-archive', { id: req.params.id }, () => programmes.setArchived(credentials, req.params.id, true)));
  });
  router.post('/programmes/:id/restore', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'programme-restore', { id: req.params.id }, () => programmes.setArchived(credentials, req.params.id, false)));
  });
  return router;
}
