import { JoinRequestService } from './JoinRequestService';
import { AdpResourceType } from '@adp-portal/plugin-adp-common';
import { AuthService, LoggerService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import { ConditionTransformer } from '@backstage/plugin-permission-node';
import { AdpScopeQuery } from '../database/scopeFilter';
import { ActivityTracker } from '../productionAccess/ActivityTracker';
import { endOnTeamChange } from '../productionAccess/endProductionAccess';
import { ProductionAccessRequests } from '../productionAccess/ProductionAccessRequests';
import { ProductionAccessSponsorship } from '../productionAccess/ProductionAccessSponsorship';
import { DeliveryDatabase } from '../database/stores';
import { ScopeResolver } from '../permissions/ScopeResolver';
import { AccessService, PlatformRoleGroups } from './AccessService';
import { AlbService } from './AlbService';
import { Authorizer } from './Authorizer';
import { AfterCommit, DeliveryWriter } from './DeliveryWriter';
import { ExternalNames } from './ExternalNames';
import { GithubAccounts } from './GithubAccounts';
import { HistoryService } from './HistoryService';
import { InternalService } from './InternalService';
import { PlatformRoleService } from './PlatformRoleService';
import { ProfileService } from './ProfileService';
import { ProgrammeService } from './ProgrammeService';
import { ProjectService } from './ProjectService';
import { ServiceAccountService } from './ServiceAccountService';
import { TeamService } from './TeamService';
import { UserDirectory } from './UserDirectory';

export interface AdpServices {
  albs: AlbService;
  programmes: ProgrammeService;
  projects: ProjectService;
  teams: TeamService;
  history: HistoryService;
  profiles: ProfileService;
  platformRoles: PlatformRoleService;
  serviceAccounts: ServiceAccountService;
  access: AccessService;
  internal: InternalService;
  productionAccess: ProductionAccessRequests;
  productionSponsorship: ProductionAccessSponsorship;
  joinRequests: JoinRequestService;
  activity: ActivityTracker;
}

export interface AdpServiceDeps {
  db: DeliveryDatabase;
  permissions: PermissionsService;
  transformers: ReadonlyMap<AdpResourceType, ConditionTransformer<AdpScopeQuery>>;
  auth: AuthService;
  userInfo: UserInfoService;
  logger: LoggerService;
  catalog?: CatalogService;
  events?: EventsService;
  platformRoleGroups: PlatformRoleGroups;
  /** The naming templates and environments the external names are rendered with (default: the defaults). */
  externalNames?: ExternalNames;
  /** The time production access runs on (tests move it); default the real clock. */
  clock?: () => Date;
  /** Verifies the GitHub account a person links; without it only typed (unverified) accounts. */
  githubAccounts?: GithubAccounts;
  /** Told of each committed write's changes: the notifications (ChangeNotifications). */
  afterCommit?: AfterCommit;
}

/** Wires the domain services; the plugin and the tests both start here. */
export function createServices(deps: AdpServiceDeps): AdpServices {
  const { db } = deps;
  const authorizer = new Authorizer(deps.permissions, deps.transformers);
  const writer = new DeliveryWriter(db, deps.events, deps.logger, deps.afterCommit);
  const users = new UserDirectory(deps.catalog, deps.auth, deps.logger);
  const access = new AccessService(db, users, deps.userInfo, deps.platformRoleGroups, authorizer, new ScopeResolver(db.knex));
  const clock = deps.clock ?? (() => new Date());
  const teams = new TeamService(db, writer, authorizer, users, c => access.isPlatformAdmin(c), endOnTeamChange, clock);
  const productionAccessDeps = { db, writer, authorizer, isPlatformAdmin: access.isPlatformAdmin.bind(access), clock };
  return {
    albs: new AlbService(db, writer, authorizer, deps.externalNames),
    programmes: new ProgrammeService(db, writer, authorizer, teams, deps.externalNames),
    projects: new ProjectService(db, writer, authorizer, deps.externalNames),
    teams,
    history: new HistoryService(db, authorizer),
    profiles: new ProfileService(db, writer, authorizer, users, deps.githubAccounts),
    platformRoles: new PlatformRoleService(db, writer, authorizer),
    serviceAccounts: new ServiceAccountService(db, writer, authorizer),
    access,
    internal: new InternalService(db),
    productionAccess: new ProductionAccessRequests(productionAccessDeps),
    productionSponsorship: new ProductionAccessSponsorship(productionAccessDeps),
    joinRequests: new JoinRequestService(db, writer, authorizer, teams, deps.logger),
    activity: new ActivityTracker(db.knex, deps.logger, { clock }),
  };
}
