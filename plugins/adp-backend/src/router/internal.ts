import { NotAllowedError } from '@backstage/errors';
import Router from 'express-promise-router';
import { RouterContext } from './context';

/**
 * Each internal endpoint answers the one plugin it serves, called with that plugin's own
 * credentials: the role index to the permission plugin (the ADP policy module), the catalog
 * source to the catalog plugin (the ADP catalog module). Any other service principal — another
 * plugin, a static or JWKS external-access token, a restricted token — is refused: the role
 * index lists every person's grants, and the catalog source every team's members.
 */
export function internalRouter(ctx: RouterContext) {
  const router = Router();
  const { internal } = ctx.services;
  const pluginOnly = async (
    req: Parameters<typeof ctx.httpAuth.credentials>[0],
    pluginId: 'permission' | 'catalog',
  ) => {
    const { principal } = await ctx.httpAuth.credentials(req, {
      allow: ['service'],
    });
    if (
      principal.subject !== `plugin:${pluginId}` ||
      principal.accessRestrictions
    ) {
      throw new NotAllowedError(
        `Only the ${pluginId} plugin may read this internal endpoint`,
      );
    }
  };
  router.get('/internal/role-index', async (req, res) => {
    await pluginOnly(req, 'permission');
    res.json(await internal.roleIndex(req.query));
  });
  router.get('/internal/role-index/changes', async (req, res) => {
    await pluginOnly(req, 'permission');
    res.json(await internal.roleChanges(req.query.since));
  });
  router.get('/internal/catalog-source', async (req, res) => {
    await pluginOnly(req, 'catalog');
    res.json(await internal.catalogSource(req.query));
  });
  return router;
}
