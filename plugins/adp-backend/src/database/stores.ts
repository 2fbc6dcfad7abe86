import { Knex } from 'knex';
import { Db } from './types';
import { AlbStore } from './AlbStore';
import { ProgrammeStore } from './ProgrammeStore';
import { ProjectStore } from './ProjectStore';
import { TeamStore } from './TeamStore';
import { ProfileStore } from './ProfileStore';
import { PlatformRoleStore } from './PlatformRoleStore';
import { ServiceAccountStore } from './ServiceAccountStore';
import { HistoryStore } from './HistoryStore';
import { ChangeLogStore } from './ChangeLogStore';
import { ProductionAccessStore } from '../productionAccess/ProductionAccessStore';
import { JoinRequestStore } from './JoinRequestStore';

/** Every store, bound to one connection or transaction. */
export interface Stores {
  albs: AlbStore;
  programmes: ProgrammeStore;
  projects: ProjectStore;
  teams: TeamStore;
  profiles: ProfileStore;
  platformRoles: PlatformRoleStore;
  serviceAccounts: ServiceAccountStore;
  history: HistoryStore;
  changeLog: ChangeLogStore;
  productionAccess: ProductionAccessStore;
  joinRequests: JoinRequestStore;
}

export function createStores(db: Db): Stores {
  return {
    albs: new AlbStore(db),
    programmes: new ProgrammeStore(db),
    projects: new ProjectStore(db),
    teams: new TeamStore(db),
    profiles: new ProfileStore(db),
    platformRoles: new PlatformRoleStore(db),
    serviceAccounts: new ServiceAccountStore(db),
    history: new HistoryStore(db),
    changeLog: new ChangeLogStore(db),
    productionAccess: new ProductionAccessStore(db),
    joinRequests: new JoinRequestStore(db),
  };
}

/** The plugin's database: stores on the pool, and transactions that get their own stores. */
export class DeliveryDatabase {
  readonly read: Stores;

  constructor(readonly knex: Knex) {
    this.read = createStores(knex);
  }

  transaction<T>(fn: (stores: Stores) => Promise<T>): Promise<T> {
    return this.knex.transaction(trx => fn(createStores(trx)));
  }
}
