/*
 * A backend from startTestBackend on 127.0.0.1 only, for the benchmarks that run plugins in
 * process (bench/catalog.ts, bench/delivery.ts).
 */
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * startTestBackend binds its server to every interface (host ''); while it starts, listen
 * calls with that host bind to 127.0.0.1 instead, and discovery names 127.0.0.1 too.
 */
export async function startOnLoopback(
  features: Parameters<typeof startTestBackend>[0]['features'],
) {
  let server: http.Server | undefined;
  const listen = http.Server.prototype.listen;
  http.Server.prototype.listen = function loopbackListen(
    this: http.Server,
    ...args: any[]
  ) {
    if (args[1] === '') {
      args[1] = '127.0.0.1';
      server = this;
    }
    return (listen as (...a: any[]) => http.Server).apply(this, args);
  } as typeof listen;
  const discovery = createServiceFactory({
    service: coreServices.discovery,
    deps: { rootHttpRouter: coreServices.rootHttpRouter },
    async factory() {
      const { port } = server!.address() as AddressInfo;
      return HostDiscovery.fromConfig(
        new ConfigReader({
          backend: { baseUrl: `http://127.0.0.1:${port}`, listen: { port } },
        }),
      );
    },
  });
  try {
    const backend = await startTestBackend({
      features: [...(features ?? []), discovery],
    });
    const address = backend.server.address() as AddressInfo;
    if (address.address !== '127.0.0.1')
      throw new Error(`backend listens on ${address.address}`);
    return { backend, baseUrl: `http://127.0.0.1:${address.port}` };
  } finally {
    http.Server.prototype.listen = listen;
  }
}
