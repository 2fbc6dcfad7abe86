import { HttpAuthService } from '@backstage/backend-plugin-api';
import { RequestHandler } from 'express';
import { userRefOf } from '../service/actor';
import { ActivityTracker } from './ActivityTracker';

/**
 * Counts every authenticated user request to /api/adp as portal activity (the Delivery
 * pages the app opens after sign-in, team pages, entity cards, the scaffolder's adp:*
 * steps on the user's behalf). Anonymous and service requests pass untouched.
 */
export function activityMiddleware(httpAuth: HttpAuthService, tracker: ActivityTracker): RequestHandler {
  return async (req, _res, next) => {
    try {
      // httpAuth caches the credentials on the request: the route's own call costs nothing more.
      const credentials = await httpAuth.credentials(req);
      const userRef = userRefOf(credentials);
      if (userRef) await tracker.record(userRef);
    } catch {
      // Not signed in or a bad token: the route answers that, not the activity tracker.
    }
    next();
  };
}
