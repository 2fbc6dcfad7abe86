import { assignPlatformRoleSchema, PlatformRoleAssignment, platformRoleManagePermission } from '@adp-portal/plugin-adp-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { DeliveryDatabase } from '../database/stores';
import { actorRef } from './actor';
import { Authorizer } from './Authorizer';
import { DeliveryWriter } from './DeliveryWriter';
import { parse } from './validation';

const ROLE_TITLES = { 'adp-admin': 'ADP Admin', 'ccoe-engineer': 'CCoE Engineer' } as const;

/** Stored ADP Admin / CCoE Engineer assignments (configured groups are added by AccessService). */
export class PlatformRoleService {
  constructor(
    private readonly db: DeliveryDatabase,
    private readonly writer: DeliveryWriter,
    private readonly authorizer: Authorizer,
  ) {}

  async list(_credentials: BackstageCredentials): Promise<PlatformRoleAssignment[]> {
    return this.db.read.platformRoles.list();
  }

  async assign(credentials: BackstageCredentials, body: unknown): Promise<PlatformRoleAssignment> {
    const input = parse(assignPlatformRoleSchema, body);
    await this.authorizer.require(credentials, platformRoleManagePermission);
    const clash = async () =>
      (await this.db.read.platformRoles.find(input.userRef, input.role))
        ? `${input.userRef} is already an ${ROLE_TITLES[input.role]}`
        : undefined;
    return this.writer.write(
      actorRef(credentials),
      async ({ stores, actor, at, record }) => {
        if (await stores.platformRoles.find(input.userRef, input.role)) {
          throw new ConflictError(`${input.userRef} is already an ${ROLE_TITLES[input.role]}`);
        }
        const assignment: PlatformRoleAssignment = {
          id: randomUUID(), userRef: input.userRef, role: input.role, source: 'store', createdAt: at, createdBy: actor,
        };
        await stores.platformRoles.insert(assignment);
        record({
          kind: 'platform-role', id: assignment.id, albId: null, programmeId: null, projectId: null,
          action: 'created', before: null, after: assignment, reason: 'platform-role-assigned', userRefs: [input.userRef],
        });
        return assignment;
      },
      clash,
    );
  }

  async remove(credentials: BackstageCredentials, id: string): Promise<void> {
    await this.authorizer.require(credentials, platformRoleManagePermission);
    await this.writer.write(actorRef(credentials), async ({ stores, record }) => {
      const before = await stores.platformRoles.get(id);
      if (!before) throw new NotFoundError(`No platform role assignment with id ${id}`);
      await stores.platformRoles.delete(id);
      record({
        kind: 'platform-role', id, albId: null, programmeId: null, projectId: null,
        action: 'deleted', before, after: null, reason: 'platform-role-removed', userRefs: [before.userRef],
      });
    });
  }
}
