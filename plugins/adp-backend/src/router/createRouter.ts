import { joinRequestsRouter } from './joinRequests';
import express from 'express';
import Router from 'express-promise-router';
import { activityMiddleware } from '../productionAccess/activityMiddleware';
import { productionAccessRouter } from '../productionAccess/router';
import { openApiDocument } from '../schema/openapi';
import { accessRouter } from './access';
import { albsRouter } from './albs';
import { RouterContext } from './context';
import { mapErrors } from './errors';
import { rejectNulCharacters } from './input';
import { internalRouter } from './internal';
import { platformRolesRouter } from './platformRoles';
import { profilesRouter } from './profiles';
import { programmesRouter } from './programmes';
import { projectsRouter } from './projects';
import { serviceAccountsRouter } from './serviceAccounts';
import { teamsRouter } from './teams';

/** The /api/adp router: one router per resource, then the shared error mapping. */
export function createRouter(ctx: RouterContext): express.Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.use(rejectNulCharacters);
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  router.use(activityMiddleware(ctx.httpAuth, ctx.services.activity));
  router.use(albsRouter(ctx));
  router.use(programmesRouter(ctx));
  router.use(projectsRouter(ctx));
  router.use(teamsRouter(ctx));
  router.use(joinRequestsRouter(ctx));
  router.use(accessRouter(ctx));
  router.use(internalRouter(ctx));
  router.use(profilesRouter(ctx));
  router.use(platformRolesRouter(ctx));
  router.use(serviceAccountsRouter(ctx));
  router.use(productionAccessRouter(ctx));
  router.use(mapErrors);
  return router;
}
