import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import notificationsModuleEmail from '@backstage/plugin-notifications-backend-module-email';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { migrateDatabase } from '../database/migrate';
import { AdpNotifier } from './AdpNotifier';
import { SentNotifications } from './SentNotifications';
import { ADP_NOTIFICATION_TOPICS } from './topics';

jest.setTimeout(120_000);

const TESS = 'user:default/tess';
const DEE = 'user:default/dee';
const user = (name: string, email: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: { email }, memberOf: [] },
});

/** A header's value, unfolded (RFC 5322: long headers continue on lines starting with a space). */
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(raw.replace(/\r?\n(?=[ \t])/g, ''))?.[1];

interface Mail {
  to: string[];
  from: string;
  raw: string;
}

/** A loopback SMTP server that keeps every message it is given, as a relay would accept it. */
async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', chunk => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map(r => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, port, close: () => new Promise<void>(resolve => server.close(() => resolve())) };
}

/** Waits for the thing itself (a busy machine may take its time), failing with what it last saw. */
async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('ADP notifications through the real notifications backend and its email module', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('a sponsor sees the request in the app and gets it by email; a topic turned off in the settings is sent neither way', async () => {
    let notifier: AdpNotifier | undefined;
    // Stands in for the adp plugin: the same service ref and origin (plugin:adp).
    const adp = createBackendPlugin({
      pluginId: 'adp',
      register(env) {
        env.registerInit({
          deps: { notifications: notificationService, database: coreServices.database, logger: coreServices.logger },
          async init({ notifications, database, logger }) {
            const knex = await database.getClient();
            await migrateDatabase(knex);
            notifier = new AdpNotifier(notifications, new SentNotifications(knex), logger);
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        adp,
        notificationsPlugin,
        notificationsModuleEmail,
        catalogServiceMock.factory({ entities: [user('tess', 'tess@defra.gov.uk'), user('dee', 'dee@defra.gov.uk')] }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'https://portal.example' },
            notifications: {
              processors: {
                email: {
                  transportConfig: { transport: 'smtp', hostname: '127.0.0.1', port: smtp.port, secure: false, requireTls: false },
                  sender: 'adp-portal@defra.gov.uk',
                },
              },
            },
          },
        }),
      ],
    });
    const as = (ref: string) => ({ Authorization: mockCredentials.user.header(ref) });
    const inbox = async (ref: string) =>
      (await request(server).get('/api/notifications/notifications').set(as(ref)).expect(200)).body.notifications as Array<{
        origin: string;
        payload: { title: string; topic: string; link: string };
      }>;

    expect(
      await notifier!.productionAccessAwaitingSponsor({
        sponsors: [DEE], requester: TESS, requesterName: 'Tess Technical', level: 'Production Deploy', projectTitle: 'Annual Compliance Data',
      }),
    ).toBe(true);

    const [inApp] = await eventually(() => inbox(DEE), n => n.length === 1);
    expect(inApp).toMatchObject({
      origin: 'plugin:adp',
      payload: {
        title: 'Tess Technical asks for Production Deploy access to Annual Compliance Data',
        topic: ADP_NOTIFICATION_TOPICS.productionAccessRequest,
        link: '/adp/production-access',
      },
    });
    expect(await inbox(TESS)).toEqual([]);
    const [mail] = await eventually(() => smtp.mails, m => m.length === 1);
    expect(mail.to).toEqual(['dee@defra.gov.uk']);
    expect(mail.from).toBe('adp-portal@defra.gov.uk');
    expect(header(mail.raw, 'Subject')).toBe('Tess Technical asks for Production Deploy access to Annual Compliance Data');
    expect(mail.raw).toContain('https://portal.example/adp/production-access');

    // TESS turns team membership notifications off, in the app and by email; decisions stay on.
    const off = { id: 'plugin:adp', enabled: true, topics: [{ id: ADP_NOTIFICATION_TOPICS.teamMembership, enabled: false }] };
    await request(server)
      .post('/api/notifications/settings')
      .set(as(TESS))
      .send({ channels: [{ id: 'Web', origins: [off] }, { id: 'Email', origins: [off] }] })
      .expect(200);
    const access = { github: 'none.', entra: 'no group.', azureDevOps: 'no group.', sonarCloud: 'no group.' };
    await notifier!.teamMembershipChanged({
      member: TESS, actor: DEE, change: 'added', projectName: 'fcp-acd', projectTitle: 'Annual Compliance Data', access,
    });
    await notifier!.productionAccessDecided({
      requester: TESS, approved: true, deciderName: 'Dee', level: 'Production Deploy', projectTitle: 'Annual Compliance Data',
    });
    const tess = await eventually(() => inbox(TESS), n => n.length >= 1);
    expect(tess.map(n => n.payload.title)).toEqual(['Your Production Deploy access to Annual Compliance Data was approved']);
    // The decision was sent after the membership change: once its mail is in, the other would be too.
    const decided = 'Your Production Deploy access to Annual Compliance Data was approved';
    const mails = await eventually(
      () => smtp.mails.filter(m => m.to.includes('tess@defra.gov.uk')),
      m => m.some(x => header(x.raw, 'Subject') === decided),
    );
    expect(mails.map(m => header(m.raw, 'Subject'))).toEqual(['Your Production Deploy access to Annual Compliance Data was approved']);
  });
});
