import { mockServices } from '@backstage/backend-test-utils';
import { NotificationSendOptions, NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { DeliveryDatabase } from '../../database/stores';
import { DeliveryReader } from '../../provisioning/delivery/DeliveryReader';
import { resolveNamingTemplates } from '@adp-portal/plugin-adp-common';
import { AdpNotifier } from '../AdpNotifier';
import { ChangeNotifications } from '../ChangeNotifications';
import { SentNotifications } from '../SentNotifications';
import { TeamAccess } from '../TeamAccess';

/** One message as a person receives it: the notifications backend's view, flattened. */
export interface Received {
  to: string[];
  exclude: string[];
  topic?: string;
  title: string;
  description?: string;
  link?: string;
}

/**
 * A notification service that keeps what it is asked to send (the backend itself is
 * exercised in notificationsBackend.test.ts); `failing` makes every send fail.
 */
export function recordingNotifications() {
  const sent: Received[] = [];
  const state = { failing: false };
  const service: NotificationService = {
    async send(o: NotificationSendOptions) {
      if (state.failing) throw new Error('notifications backend unavailable');
      if (o.recipients.type !== 'entity') throw new Error('ADP sends to entities only');
      const refs = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());
      sent.push({
        to: refs(o.recipients.entityRef),
        exclude: refs(o.recipients.excludeEntityRef),
        topic: o.payload.topic,
        title: o.payload.title,
        description: o.payload.description,
        link: o.payload.link,
      });
    },
  };
  return {
    sent,
    service,
    state,
    /** Messages to one person. */
    to: (ref: string) => sent.filter(m => m.to.includes(ref) && !m.exclude.includes(ref)),
    clear: () => sent.splice(0),
  };
}

/** The plugin's wiring of the notifications over a test database. */
export function notificationsOver(recording: ReturnType<typeof recordingNotifications>) {
  return (knex: Knex) => {
    const notifier = new AdpNotifier(recording.service, new SentNotifications(knex), mockServices.logger.mock());
    return new ChangeNotifications({
      db: new DeliveryDatabase(knex),
      notifier,
      teamAccess: new TeamAccess(new DeliveryReader(knex, {}), {
        naming: resolveNamingTemplates(),
        environments: ['snd', 'dev', 'tst', 'pre', 'prd'],
        productionEnvironments: ['prd'],
      }),
      adpAdminGroups: ['group:default/adp-platform-engineers'],
    }).afterCommit;
  };
}
