import { createServiceAccountSchema, ServiceAccount, serviceAccountManagePermission } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DeliveryDatabase, Stores } from '../database/stores';
import { actorRef } from './actor';
import { Authorizer } from './Authorizer';
import { DeliveryWriter } from './DeliveryWriter';
import { parse } from './validation';

/**
 * The register of ADP Service Accounts: which automation exists, who recorded it and why.
 * It grants and restricts nothing: Backstage never asks a permission policy about a service
 * principal, so a token's limits are its `accessRestrictions` in `backend.auth.externalAccess`
 * (docs/roles.md, docs/security.md). Recording an account is an ADP Admin's note for people.
 */
export class ServiceAccountService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
  ) {}

  async list(credentials: BackstageCredentials): Promise<ServiceAccount[]> {
    await this.authorizer.require(credentials, serviceAccountManagePermission);
    return this.db.read.serviceAccounts.list();
  }

  async create(credentials: BackstageCredentials, body: unknown): Promise<ServiceAccount> {
    const input = parse(createServiceAccountSchema, body);
    await this.authorizer.require(credentials, serviceAccountManagePermission);
    const clash = async (stores: Stores = this.db.read) => {
      const other = await stores.serviceAccounts.findClash(input.name, input.subject);
      if (!other) return undefined;
      return other.name === input.name
        ? `The service account name ${input.name} is already used`
        : `The subject ${input.subject} is already the service account ${other.name}`;
    };
    return this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        const sentence = await clash(stores);
        if (sentence) throw new ConflictError(sentence);
        const account: ServiceAccount = { id: randomUUID(), ...input, createdAt: at, createdBy: actor };
        await stores.serviceAccounts.insert(account);
        record({
          kind: 'service-account', id: account.id, albId: null, programmeId: null, projectId: null,
          action: 'created', before: null, after: account, reason: 'service-account-created', userRefs: [account.subject],
        });
        return account;
      },
      () => clash(),
    );
  }

  async remove(credentials: BackstageCredentials, id: string): Promise<void> {
    await this.authorizer.require(credentials, serviceAccountManagePermission);
    await this.writer.write(actorRef(credentials), async ({ stores, record }) => {
      const before = await stores.serviceAccounts.get(id);
      if (!before) throw new NotFoundError(`No service account with id ${id}`);
      await stores.serviceAccounts.delete(id);
      record({
        kind: 'service-account', id, albId: null, programmeId: null, projectId: null,
        action: 'deleted', before, after: null, reason: 'service-account-removed', userRefs: [before.subject],
      });
    });
  }
}
