import { ReactElement } from 'react';
import { AuthorizeResult, EvaluatePermissionRequest } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { githubAuthApiRef, identityApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
// usePermission caches decisions in SWR's global cache; each render gets a fresh one.
// (swr is installed with @backstage/plugin-permission-react.)
import { SWRConfig } from 'swr';
import { AdpApi, adpApiRef } from '../api';
import { rootRouteRef } from '../routes';

/** Permissions granted in a test: `name` (anywhere) or `name@resourceRef`. */
export type Grants = string[];

export function fakePermissionApi(grants: Grants) {
  return mockApis.permission({
    authorize: (req: EvaluatePermissionRequest) =>
      grants.includes(req.permission.name) ||
      (req.resourceRef !== undefined && grants.includes(`${req.permission.name}@${req.resourceRef}`))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
}

/** A fake of our own API: only the methods a test gives exist; others throw. */
export function fakeAdpApi(methods: Partial<AdpApi>): AdpApi {
  return new Proxy(methods, {
    get(target, prop: string) {
      if (prop in target) return (target as any)[prop];
      if (prop === 'then') return undefined;
      return () => Promise.reject(new Error(`AdpApi.${prop} not faked`));
    },
  }) as AdpApi;
}

export interface RenderOptions {
  api: Partial<AdpApi>;
  grants?: Grants;
  catalogApi?: ReturnType<typeof catalogApiMock>;
  routeEntries?: string[];
  /** Who is signed in (pages that treat the caller's own records differently); default a guest. */
  userRef?: string;
}

export function renderWithApis(element: ReactElement, options: RenderOptions) {
  const api = fakeAdpApi(options.api);
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [adpApiRef, api],
        [permissionApiRef, fakePermissionApi(options.grants ?? [])],
        [catalogApiRef, options.catalogApi ?? catalogApiMock()],
        // Pages that offer GitHub linking need the API; a test that links gives its own.
        [identityApiRef, mockApis.identity({ userEntityRef: options.userRef ?? 'user:default/guest' })],
        [githubAuthApiRef, { getAccessToken: () => Promise.reject(new Error('GitHub sign-in is not part of this test')) }],
      ]}
    >
      <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/adp': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

/** The error AdpClient throws for a failed response with a Backstage error body. */
export function responseError(
  status: number,
  error: { name: string; message: string; details?: unknown },
): Promise<ResponseError> {
  const body = JSON.stringify({ error, response: { statusCode: status } });
  return ResponseError.fromResponse({
    status,
    statusText: String(status),
    url: 'http://localhost/api/adp',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  } as any);
}

export const page = <T,>(items: T[], totalCount = items.length, offset = 0, limit = 25) => ({
  items,
  totalCount,
  offset,
  limit,
});
