import { createHmac, randomUUID } from 'node:crypto';

/** A delivery the fake made: what it sent and what the receiver answered. */
export interface FakeWebhookDelivery {
  event: string;
  payload: Record<string, unknown>;
  status: number;
}

/**
 * GitHub's organisation webhook: each event is POSTed as JSON with `X-GitHub-Event`,
 * `X-GitHub-Delivery` and `X-Hub-Signature-256` (HMAC-SHA256 of the body with the webhook's
 * secret, `sha256=` + hex), as GitHub sends it. Without a URL nothing is sent.
 *
 * @public
 */
export class FakeGithubWebhooks {
  url?: string;
  secret = '';
  readonly deliveries: FakeWebhookDelivery[] = [];

  /** Sends an event now; resolves once the receiver answered (GitHub does not retry). */
  async send(event: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.url) return;
    const body = JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/fake',
        'x-github-event': event,
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signature,
      },
      body,
    }).catch(() => undefined);
    this.deliveries.push({ event, payload, status: res?.status ?? 0 });
  }
}
