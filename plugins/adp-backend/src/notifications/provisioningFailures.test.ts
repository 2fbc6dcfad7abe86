import { mockServices } from '@backstage/backend-test-utils';
import { ADA, createHarness, databases, seedTree, TESS, user } from '../__testUtils__/harness';
import { StatusStore } from '../provisioning/status/StatusStore';
import { AdpNotifier } from './AdpNotifier';
import { notifyLongProvisioningFailures } from './provisioningFailures';
import { SentNotifications } from './SentNotifications';
import { ADP_NOTIFICATION_TOPICS } from './topics';
import { recordingNotifications } from './__testUtils__/recordingNotifications';

jest.setTimeout(120_000);
const dbs = databases();
const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DEE = 'user:default/dee';

describe.each(dbs.eachSupportedId())('provisioning failure notices on %p', databaseId => {
  it('tells team admins once per failure episode that lasts longer than the configured time', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    await h.services.teams.addMember(user(ADA), project.id, { userRef: DEE, technical: true, admin: true });
    await h.services.teams.addMember(user(ADA), project.id, { userRef: TESS, technical: true });
    const recording = recordingNotifications();
    const logger = mockServices.logger.mock();
    // Two instances, one database.
    const instance = () => ({ db: h.db, afterMinutes: 60, notifier: new AdpNotifier(recording.service, new SentNotifications(h.knex), logger) });
    const [one, two] = [instance(), instance()];
    const status = new StatusStore(h.knex);
    const target = { kind: 'project' as const, id: project.id };
    const fail = (minutes: number, error = 'GitHub answered 502') => status.record(target, 'github', { status: 'failed', error }, at(minutes));

    await fail(0);
    await fail(20);
    expect(await notifyLongProvisioningFailures(one, at(45))).toBe(0);
    // Retries go on failing; the episode still began at minute 0.
    await fail(50, 'GitHub answered 503');
    const sent = await Promise.all([notifyLongProvisioningFailures(one, at(61)), notifyLongProvisioningFailures(two, at(61))]);
    expect(sent.sort()).toEqual([0, 1]);
    expect(recording.sent).toEqual([
      expect.objectContaining({
        to: [DEE],
        topic: ADP_NOTIFICATION_TOPICS.provisioningFailure,
        title: 'Provisioning of Annual Compliance Data in GitHub has been failing since 2026-03-02 09:00 UTC',
        description: expect.stringContaining('Last error: GitHub answered 503'),
      }),
    ]);
    await fail(90);
    expect(await notifyLongProvisioningFailures(two, at(125))).toBe(0);

    // A success ends the episode; the next failure that lasts is a new one.
    await status.record(target, 'github', { status: 'in-sync', warnings: [] }, at(130));
    expect(await notifyLongProvisioningFailures(one, at(131))).toBe(0);
    await fail(140);
    expect(await notifyLongProvisioningFailures(one, at(190))).toBe(0);
    expect(await notifyLongProvisioningFailures(one, at(201))).toBe(1);
    expect(recording.to(DEE).map(m => m.title)).toEqual([
      'Provisioning of Annual Compliance Data in GitHub has been failing since 2026-03-02 09:00 UTC',
      'Provisioning of Annual Compliance Data in GitHub has been failing since 2026-03-02 11:20 UTC',
    ]);
    expect(recording.to(TESS)).toEqual([]);

    // An archived project's failures are nobody's emergency.
    await status.record(target, 'entra', { status: 'failed', error: 'Graph answered 500' }, at(200));
    await h.services.projects.setArchived(user(ADA), project.id, true);
    expect(await notifyLongProvisioningFailures(one, at(300))).toBe(0);
  });
});
