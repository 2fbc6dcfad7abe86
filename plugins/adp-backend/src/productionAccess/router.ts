import Router from 'express-promise-router';
import { audited, caller, RouterContext } from '../router/context';

/** /production-access: requests, decisions, reviews; and who holds which level on a project. */
export function productionAccessRouter(ctx: RouterContext) {
  const router = Router();
  const { productionAccess: requests, productionSponsorship: sponsorship } = ctx.services;
  const user = (req: Parameters<typeof ctx.httpAuth.credentials>[0]) => ctx.httpAuth.credentials(req, { allow: ['user'] });

  router.get('/production-access/mine', async (req, res) => {
    res.json(await requests.mine(await user(req)));
  });
  router.get('/production-access/queue', async (req, res) => {
    res.json(await sponsorship.queue(await user(req)));
  });
  router.get('/production-access/reviews', async (req, res) => {
    res.json(await sponsorship.reviews(await user(req)));
  });
  router.post('/production-access/requests', async (req, res) => {
    const credentials = await user(req);
    res.status(201).json(await audited(ctx, req, 'production-access-request', {}, () => requests.request(credentials, req.body)));
  });
  router.get('/production-access/requests/:id', async (req, res) => {
    res.json(await requests.get(await caller(ctx, req), req.params.id));
  });
  router.get('/production-access/requests/:id/history', async (req, res) => {
    res.json(await requests.history(await caller(ctx, req), req.params.id, req.query));
  });
  router.patch('/production-access/requests/:id', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    res.json(await audited(ctx, req, 'production-access-checklist', { id }, () => requests.updateChecklist(credentials, id, req.body)));
  });
  router.post('/production-access/requests/:id/withdraw', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    res.json(await audited(ctx, req, 'production-access-withdraw', { id }, () => requests.withdraw(credentials, id)));
  });
  router.post('/production-access/requests/:id/line-manager-approval', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    res.json(await audited(ctx, req, 'production-access-line-manager-approval', { id }, () => sponsorship.approveAsLineManager(credentials, id, req.body)));
  });
  router.post('/production-access/requests/:id/decision', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    res.json(await audited(ctx, req, 'production-access-decision', { id }, () => sponsorship.decide(credentials, id, req.body)));
  });
  router.post('/production-access/requests/:id/recertify', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    res.json(await audited(ctx, req, 'production-access-recertify', { id }, () => sponsorship.recertify(credentials, id, req.body)));
  });
  router.post('/production-access/requests/:id/revoke', async (req, res) => {
    const credentials = await user(req);
    const { id } = req.params;
    res.json(await audited(ctx, req, 'production-access-revoke', { id }, () => sponsorship.revoke(credentials, id, req.body)));
  });
  router.get('/projects/:id/production-access', async (req, res) => {
    res.json(await requests.listForProject(await caller(ctx, req), req.params.id));
  });
  return router;
}
