import { mockServices } from '@backstage/backend-test-utils';
import { databases, TESS } from '../__testUtils__/harness';
import { days, productionScenario, T0 } from '../productionAccess/__testUtils__/setup';
import { revokeAbsentHolders } from '../productionAccess/revokeAbsentHolders';
import { DeliveryWriter } from '../service/DeliveryWriter';
import { AdpNotifier } from './AdpNotifier';
import { SentNotifications } from './SentNotifications';
import { ADP_NOTIFICATION_TOPICS } from './topics';
import { notificationsOver, recordingNotifications } from './__testUtils__/recordingNotifications';

jest.setTimeout(120_000);
const dbs = databases();
const at = (d: number, hours = 0) => new Date(T0.getTime() + days(d) + hours * 3600_000);

describe.each(dbs.eachSupportedId())('absence warnings on %p', databaseId => {
  it('warns a holder 7 days and 1 day before the absence revocation, once each across instances, then tells them it happened', async () => {
    const recording = recordingNotifications();
    const sc = await productionScenario(databaseId, dbs, { afterCommit: notificationsOver(recording) });
    await sc.grant(TESS, 'production-deploy'); // at T0: revoked after day 42 without activity
    const logger = mockServices.logger.mock();
    // Two backend instances running the hourly job against one database.
    const instance = () => {
      const notifier = new AdpNotifier(recording.service, new SentNotifications(sc.h.knex), logger);
      return {
        db: sc.h.db,
        writer: new DeliveryWriter(sc.h.db, undefined, logger, notificationsOver(recording)(sc.h.knex)),
        notifier,
      };
    };
    const [one, two] = [instance(), instance()];
    recording.clear();
    const warnings = () => recording.to(TESS).filter(m => m.topic === ADP_NOTIFICATION_TOPICS.productionAccessAbsence);

    await revokeAbsentHolders(one, at(34)); // 8 days left
    expect(warnings()).toEqual([]);

    await Promise.all([revokeAbsentHolders(one, at(35, 1)), revokeAbsentHolders(two, at(35, 1))]);
    await revokeAbsentHolders(two, at(36));
    expect(warnings()).toEqual([
      expect.objectContaining({
        title: 'Your Production Deploy access to Annual Compliance Data ends in 7 days',
        description: expect.stringContaining(`the access is revoked on ${at(42).toISOString().slice(0, 10)}`),
        link: '/adp/production-access',
      }),
    ]);

    await Promise.all([revokeAbsentHolders(one, at(41, 1)), revokeAbsentHolders(two, at(41, 2))]);
    expect(warnings().map(m => m.title)).toEqual([
      'Your Production Deploy access to Annual Compliance Data ends in 7 days',
      'Your Production Deploy access to Annual Compliance Data ends in 1 day',
    ]);

    const ended = await revokeAbsentHolders(one, at(42, 1));
    expect(ended.map(r => r.userRef)).toEqual([TESS]);
    expect(recording.to(TESS).at(-1)).toMatchObject({
      topic: ADP_NOTIFICATION_TOPICS.productionAccessRevoked,
      title: 'Your Production Deploy access to Annual Compliance Data has ended',
      description: 'It was revoked after more than six weeks without sign-in or portal activity (the GOV.UK production access rules).',
    });
    expect(recording.to(TESS)).toHaveLength(3);
  });

  it('activity moves the revocation, and the next absence is warned of again', async () => {
    const recording = recordingNotifications();
    const sc = await productionScenario(databaseId, dbs, { afterCommit: notificationsOver(recording) });
    await sc.grant(TESS, 'production-deploy');
    const logger = mockServices.logger.mock();
    const deps = {
      db: sc.h.db,
      writer: new DeliveryWriter(sc.h.db, undefined, logger),
      notifier: new AdpNotifier(recording.service, new SentNotifications(sc.h.knex), logger),
    };
    recording.clear();
    await revokeAbsentHolders(deps, at(36));
    expect(recording.to(TESS).map(m => m.title)).toEqual(['Your Production Deploy access to Annual Compliance Data ends in 6 days']);

    // TESS works on day 37: the revocation moves to day 79, and day 36's warning does not count for it.
    sc.setNow(at(37));
    await sc.s.activity.record(TESS);
    await revokeAbsentHolders(deps, at(41, 1));
    expect(recording.to(TESS)).toHaveLength(1);
    await revokeAbsentHolders(deps, at(73));
    expect(recording.to(TESS).map(m => m.title)).toEqual([
      'Your Production Deploy access to Annual Compliance Data ends in 6 days',
      'Your Production Deploy access to Annual Compliance Data ends in 6 days',
    ]);
  });

  it('a warning that could not be sent is tried again on the next run', async () => {
    const recording = recordingNotifications();
    const sc = await productionScenario(databaseId, dbs);
    await sc.grant(TESS, 'production-deploy');
    const logger = mockServices.logger.mock();
    const deps = {
      db: sc.h.db,
      writer: new DeliveryWriter(sc.h.db, undefined, logger),
      notifier: new AdpNotifier(recording.service, new SentNotifications(sc.h.knex), logger),
    };
    recording.state.failing = true;
    await revokeAbsentHolders(deps, at(36));
    expect(recording.sent).toEqual([]);
    recording.state.failing = false;
    await revokeAbsentHolders(deps, at(36, 1));
    await revokeAbsentHolders(deps, at(36, 2));
    expect(recording.to(TESS).map(m => m.title)).toEqual(['Your Production Deploy access to Annual Compliance Data ends in 6 days']);
  });
});
