import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import notificationsModuleEmail from '@backstage/plugin-notifications-backend-module-email';
import { AddressInfo } from 'node:net';
import { notificationsEmailWhenConfigured } from './notificationsEmail';

jest.setTimeout(60_000);

const SMTP = { transport: 'smtp', hostname: '127.0.0.1', port: 25 };
const config = (email: { sender?: string; transportConfig: typeof SMTP }) =>
  mockServices.rootConfig.factory({
    data: { app: { baseUrl: 'http://localhost:3000' }, notifications: { processors: { email } } },
  });

/** The channels a person can turn topics off in: Web, and Email where the email module runs. */
async function channels(backend: Awaited<ReturnType<typeof startTestBackend>>) {
  const { port } = backend.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/api/notifications/settings`, {
    headers: { Authorization: mockCredentials.user.header('user:default/tess') },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { channels: Array<{ id: string }> }).channels.map(c => c.id);
}

describe('notificationsEmailWhenConfigured', () => {
  it('leaves email out where no sender is configured, where the email module alone stops the backend', async () => {
    await expect(startTestBackend({ features: [notificationsPlugin, notificationsModuleEmail, config({ transportConfig: SMTP })] })).rejects.toThrow(
      /sender/,
    );
    const backend = await startTestBackend({ features: [notificationsPlugin, notificationsEmailWhenConfigured, config({ transportConfig: SMTP })] });
    try {
      expect(await channels(backend)).toEqual(['Web']);
    } finally {
      await backend.stop();
    }
  });

  it('adds email once a sender is configured', async () => {
    const backend = await startTestBackend({
      features: [notificationsPlugin, notificationsEmailWhenConfigured, config({ sender: 'adp@example.org', transportConfig: SMTP })],
    });
    try {
      expect(await channels(backend)).toEqual(['Web', 'Email']);
    } finally {
      await backend.stop();
    }
  });
});
