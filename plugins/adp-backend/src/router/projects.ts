import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

export function projectsRouter(ctx: RouterContext) {
  const router = Router();
  const { projects, history } = ctx.services;
  router.get('/projects', async (req, res) => {
    res.json(await projects.list(await caller(ctx, req), req.query));
  });
  router.get('/projects/:id', async (req, res) => {
    res.json(await projects.get(await caller(ctx, req), req.params.id));
  });
  router.get('/projects/:id/history', async (req, res) => {
    res.json(await history.page(await caller(ctx, req), 'projects', req.params.id, req.query));
  });
  router.post('/projects', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(await audited(ctx, req, 'project-create', {}, () => projects.create(credentials, req.body)));
  });
  router.patch('/projects/:id', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'project-update', { id: req.params.id }, () => projects.update(credentials, req.params.id, req.body)));
  });
  router.post('/projects/:id/archive', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'project-archive', { id: req.params.id }, () => projects.setArchived(credentials, req.params.id, true)));
  });
  router.post('/projects/:id/restore', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.json(await audited(ctx, req, 'project-restore', { id: req.params.id }, () => projects.setArchived(credentials, req.params.id, false)));
  });
  return router;
}
