import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ResponseError } from '@backstage/errors';
import { AdpClient } from './AdpClient';

/** A loopback server that records requests and answers from a script. */
function startServer(answer: (req: IncomingMessage, body: string) => [number, unknown]) {
  const seen: Array<{ method?: string; url?: string; auth?: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      const [status, payload] = answer(req, body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 204 ? undefined : JSON.stringify(payload));
    });
  });
  return new Promise<{ server: Server; seen: typeof seen; baseUrl: string }>(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, seen, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/adp` }),
    ),
  );
}

describe('AdpClient', () => {
  it('sends queries, bodies and tokens to the contract paths', async () => {
    const { server, seen, baseUrl } = await startServer(req =>
      req.method === 'DELETE' ? [204, null] : [200, { ok: true }],
    );
    try {
      const client = new AdpClient({ discoveryApi: { getBaseUrl: async () => baseUrl } });
      await client.listProjects({ search: 'acd', limit: 10, mine: true });
      await client.addProjectMember('p 1', { userRef: 'user:default/tess', technical: true }, { token: 't0k' });
      await expect(client.removeProjectMember('p1', 'm1')).resolves.toBeUndefined();
      expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
        'GET /api/adp/projects?search=acd&limit=10&mine=true',
        'POST /api/adp/projects/p%201/members',
        'DELETE /api/adp/projects/p1/members/m1',
      ]);
      expect(seen[1].auth).toBe('Bearer t0k');
      expect(JSON.parse(seen[1].body)).toEqual({ userRef: 'user:default/tess', technical: true });
    } finally {
      server.close();
    }
  });

  it('raises the server error with its body so forms can show it on the field', async () => {
    const { server, baseUrl } = await startServer(() => [
      409,
      // The body Backstage's error middleware sends.
      {
        error: { name: 'ConflictError', message: 'The programme code FCP is already used by Farming' },
        request: { method: 'POST', url: '/api/adp/programmes' },
        response: { statusCode: 409 },
      },
    ]);
    try {
      const client = new AdpClient({ discoveryApi: { getBaseUrl: async () => baseUrl } });
      const error = await client.createProgramme({ albId: 'a', title: 't', code: 'FCP', description: 'd' }).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.response.status).toBe(409);
      expect(error.body.error.message).toBe('The programme code FCP is already used by Farming');
    } finally {
      server.close();
    }
  });
});
