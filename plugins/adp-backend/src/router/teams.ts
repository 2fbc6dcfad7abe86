import Router from 'express-promise-router';
import { audited, caller, RouterContext } from './context';

/** Programme admins and project team members. */
export function teamsRouter(ctx: RouterContext) {
  const router = Router();
  const { teams } = ctx.services;
  router.get('/programmes/:id/admins', async (req, res) => {
    res.json(await teams.listAdmins(await caller(ctx, req), req.params.id));
  });
  router.post('/programmes/:id/admins', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(
      await audited(ctx, req, 'programme-admin-add', { programmeId: req.params.id }, () => teams.addAdmin(credentials, req.params.id, req.body)),
    );
  });
  router.delete('/programmes/:id/admins/:adminId', async (req, res) => {
    const credentials = await caller(ctx, req);
    const { id, adminId } = req.params;
    await audited(ctx, req, 'programme-admin-remove', { programmeId: id, adminId }, () => teams.removeAdmin(credentials, id, adminId));
    res.status(204).end();
  });
  router.get('/projects/:id/members', async (req, res) => {
    res.json(await teams.listMembers(await caller(ctx, req), req.params.id));
  });
  router.post('/projects/:id/members', async (req, res) => {
    const credentials = await caller(ctx, req);
    res.status(201).json(
      await audited(ctx, req, 'project-member-add', { projectId: req.params.id }, () => teams.addMember(credentials, req.params.id, req.body)),
    );
  });
  router.patch('/projects/:id/members/:memberId', async (req, res) => {
    const credentials = await caller(ctx, req);
    const { id, memberId } = req.params;
    res.json(await audited(ctx, req, 'project-member-update', { projectId: id, memberId }, () => teams.updateMember(credentials, id, memberId, req.body)));
  });
  router.delete('/projects/:id/members/:memberId', async (req, res) => {
    const credentials = await caller(ctx, req);
    const { id, memberId } = req.params;
    await audited(ctx, req, 'project-member-remove', { projectId: id, memberId }, () => teams.removeMember(credentials, id, memberId));
    res.status(204).end();
  });
  return router;
}
