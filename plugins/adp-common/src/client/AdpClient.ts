import { ResponseError } from '@backstage/errors';
import {
  ArmsLengthBody,
  DeliveryProgramme,
  DeliveryProgrammeListItem,
  DeliveryProject,
  HistoryEntry,
  Page,
  PlatformRoleAssignment,
  ProgrammeAdmin,
  ProjectMember,
  ServiceAccount,
  UserProfile,
  TeamJoinRequest,
} from '../model/records';
import {
  AddProgrammeAdminRequest,
  AddProjectMemberRequest,
  AssignPlatformRoleRequest,
  CreateAlbRequest,
  CreateProgrammeRequest,
  CreateProjectRequest,
  CreateServiceAccountRequest,
  ListQuery,
  UpdateAlbRequest,
  UpdateProgrammeRequest,
  UpdateProjectMemberRequest,
  CreateJoinRequestRequest,
  DecideJoinRequestRequest,
  UpdateProjectRequest,
  UpdateUserProfileRequest,
  LinkGithubAccountRequest,
} from '../model/schemas';
import { PermissionMatrix } from '../roles/matrix';
import {
  MyProductionAccess,
  ProductionAccessQueue,
  ProductionAccessRequest,
  ProductionAccessReview,
} from '../productionAccess/model';
import {
  CreateProductionAccessRequest,
  LineManagerApprovalRequest,
  ProductionAccessDecisionRequest,
  RecertifyProductionAccessRequest,
  RevokeProductionAccessRequest,
  UpdateProductionAccessChecklistRequest,
} from '../productionAccess/schemas';
import {
  AccessSummary,
  CatalogSource,
  ExplainResponse,
  RoleIndexChanges,
  RoleIndexSnapshot,
} from './types';

/**
 * Structural subsets of Backstage's DiscoveryApi / FetchApi, so the client runs anywhere.
 *
 * @public
 */
export interface AdpClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/**
 * Per-call options; `token` is for backend callers with a service or user token.
 *
 * @public
 */
export interface RequestOptions {
  token?: string;
}

type Query = Record<string, string | number | boolean | undefined | null>;

const enc = encodeURIComponent;

/**
 * Typed client for the ADP REST API at /api/adp, shared by the pages and backend modules.
 *
 * @public
 */
export class AdpClient {
  private readonly discoveryApi: AdpClientOptions['discoveryApi'];
  private readonly fetchImpl: typeof fetch;

  constructor(options: AdpClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchImpl = options.fetchApi?.fetch ?? fetch;
  }

  // Arms Length Bodies
  listAlbs(query: ListQuery = {}, o?: RequestOptions) {
    return this.get<Page<ArmsLengthBody>>('/albs', query, o);
  }
  getAlb(id: string, o?: RequestOptions) {
    return this.get<ArmsLengthBody>(`/albs/${enc(id)}`, {}, o);
  }
  createAlb(body: CreateAlbRequest, o?: RequestOptions) {
    return this.send<ArmsLengthBody>('POST', '/albs', body, o);
  }
  updateAlb(id: string, body: UpdateAlbRequest, o?: RequestOptions) {
    return this.send<ArmsLengthBody>('PATCH', `/albs/${enc(id)}`, body, o);
  }

  // Delivery programmes
  listProgrammes(query: ListQuery = {}, o?: RequestOptions) {
    return this.get<Page<DeliveryProgrammeListItem>>('/programmes', query, o);
  }
  getProgramme(id: string, o?: RequestOptions) {
    return this.get<DeliveryProgramme>(`/programmes/${enc(id)}`, {}, o);
  }
  createProgramme(body: CreateProgrammeRequest, o?: RequestOptions) {
    return this.send<DeliveryProgramme>('POST', '/programmes', body, o);
  }
  updateProgramme(id: string, body: UpdateProgrammeRequest, o?: RequestOptions) {
    return this.send<DeliveryProgramme>('PATCH', `/programmes/${enc(id)}`, body, o);
  }
  archiveProgramme(id: string, o?: RequestOptions) {
    return this.send<DeliveryProgramme>('POST', `/programmes/${enc(id)}/archive`, {}, o);
  }
  restoreProgramme(id: string, o?: RequestOptions) {
    return this.send<DeliveryProgramme>('POST', `/programmes/${enc(id)}/restore`, {}, o);
  }
  listProgrammeAdmins(programmeId: string, o?: RequestOptions) {
    return this.get<ProgrammeAdmin[]>(`/programmes/${enc(programmeId)}/admins`, {}, o);
  }
  addProgrammeAdmin(programmeId: string, body: AddProgrammeAdminRequest, o?: RequestOptions) {
    return this.send<ProgrammeAdmin>('POST', `/programmes/${enc(programmeId)}/admins`, body, o);
  }
  removeProgrammeAdmin(programmeId: string, adminId: string, o?: RequestOptions) {
    return this.send<void>('DELETE', `/programmes/${enc(programmeId)}/admins/${enc(adminId)}`, undefined, o);
  }

  // Delivery projects
  listProjects(query: ListQuery = {}, o?: RequestOptions) {
    return this.get<Page<DeliveryProject>>('/projects', query, o);
  }
  getProject(id: string, o?: RequestOptions) {
    return this.get<DeliveryProject>(`/projects/${enc(id)}`, {}, o);
  }
  createProject(body: CreateProjectRequest, o?: RequestOptions) {
    return this.send<DeliveryProject>('POST', '/projects', body, o);
  }
  updateProject(id: string, body: UpdateProjectRequest, o?: RequestOptions) {
    return this.send<DeliveryProject>('PATCH', `/projects/${enc(id)}`, body, o);
  }
  archiveProject(id: string, o?: RequestOptions) {
    return this.send<DeliveryProject>('POST', `/projects/${enc(id)}/archive`, {}, o);
  }
  restoreProject(id: string, o?: RequestOptions) {
    return this.send<DeliveryProject>('POST', `/projects/${enc(id)}/restore`, {}, o);
  }
  listProjectMembers(projectId: string, o?: RequestOptions) {
    return this.get<ProjectMember[]>(`/projects/${enc(projectId)}/members`, {}, o);
  }
  addProjectMember(projectId: string, body: AddProjectMemberRequest, o?: RequestOptions) {
    return this.send<ProjectMember>('POST', `/projects/${enc(projectId)}/members`, body, o);
  }
  updateProjectMember(projectId: string, memberId: string, body: UpdateProjectMemberRequest, o?: RequestOptions) {
    return this.send<ProjectMember>('PATCH', `/projects/${enc(projectId)}/members/${enc(memberId)}`, body, o);
  }
  removeProjectMember(projectId: string, memberId: string, o?: RequestOptions) {
    return this.send<void>('DELETE', `/projects/${enc(projectId)}/members/${enc(memberId)}`, undefined, o);
  }
  listJoinRequests(projectId: string, o?: RequestOptions) {
    return this.get<TeamJoinRequest[]>(`/projects/${enc(projectId)}/join-requests`, {}, o);
  }
  askToJoin(projectId: string, body: CreateJoinRequestRequest, o?: RequestOptions) {
    return this.send<TeamJoinRequest>('POST', `/projects/${enc(projectId)}/join-requests`, body, o);
  }
  decideJoinRequest(requestId: string, body: DecideJoinRequestRequest, o?: RequestOptions) {
    return this.send<TeamJoinRequest>('POST', `/join-requests/${enc(requestId)}/decision`, body, o);
  }

  // History
  getHistory(kind: 'albs' | 'programmes' | 'projects', id: string, query: { offset?: number; limit?: number } = {}, o?: RequestOptions) {
    return this.get<Page<HistoryEntry>>(`/${kind}/${enc(id)}/history`, query, o);
  }

  // Users, platform roles, service accounts
  getUserProfile(userRef: string, o?: RequestOptions) {
    return this.get<UserProfile>(`/profiles/${enc(userRef)}`, {}, o);
  }
  updateUserProfile(userRef: string, body: UpdateUserProfileRequest, o?: RequestOptions) {
    return this.send<UserProfile>('PATCH', `/profiles/${enc(userRef)}`, body, o);
  }
  /** Links the caller's own GitHub account with the access token of their GitHub sign-in. */
  linkGithubAccount(userRef: string, body: LinkGithubAccountRequest, o?: RequestOptions) {
    return this.send<UserProfile>('POST', `/profiles/${enc(userRef)}/github`, body, o);
  }
  listPlatformRoles(o?: RequestOptions) {
    return this.get<PlatformRoleAssignment[]>('/platform-roles', {}, o);
  }
  assignPlatformRole(body: AssignPlatformRoleRequest, o?: RequestOptions) {
    return this.send<PlatformRoleAssignment>('POST', '/platform-roles', body, o);
  }
  removePlatformRole(id: string, o?: RequestOptions) {
    return this.send<void>('DELETE', `/platform-roles/${enc(id)}`, undefined, o);
  }
  listServiceAccounts(o?: RequestOptions) {
    return this.get<ServiceAccount[]>('/service-accounts', {}, o);
  }
  createServiceAccount(body: CreateServiceAccountRequest, o?: RequestOptions) {
    return this.send<ServiceAccount>('POST', '/service-accounts', body, o);
  }
  removeServiceAccount(id: string, o?: RequestOptions) {
    return this.send<void>('DELETE', `/service-accounts/${enc(id)}`, undefined, o);
  }

  // Access
  getMyAccess(o?: RequestOptions) {
    return this.get<AccessSummary>('/access/me', {}, o);
  }
  explain(query: { permission: string; userRef?: string; resourceRef?: string }, o?: RequestOptions) {
    return this.get<ExplainResponse>('/access/explain', query, o);
  }
  getPermissionMatrix(o?: RequestOptions) {
    return this.get<PermissionMatrix>('/access/matrix', {}, o);
  }
  async permissionMatrixCsvUrl(): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('adp')}/access/matrix.csv`;
  }

  // Production access: requests are the grants once approved (see ProductionAccessRequest).
  getMyProductionAccess(o?: RequestOptions) {
    return this.get<MyProductionAccess>('/production-access/mine', {}, o);
  }
  requestProductionAccess(body: CreateProductionAccessRequest, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('POST', '/production-access/requests', body, o);
  }
  getProductionAccessRequest(id: string, o?: RequestOptions) {
    return this.get<ProductionAccessRequest>(`/production-access/requests/${enc(id)}`, {}, o);
  }
  updateProductionAccessChecklist(id: string, body: UpdateProductionAccessChecklistRequest, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('PATCH', `/production-access/requests/${enc(id)}`, body, o);
  }
  approveProductionAccessAsLineManager(id: string, body: LineManagerApprovalRequest, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('POST', `/production-access/requests/${enc(id)}/line-manager-approval`, body, o);
  }
  decideProductionAccess(id: string, body: ProductionAccessDecisionRequest, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('POST', `/production-access/requests/${enc(id)}/decision`, body, o);
  }
  withdrawProductionAccessRequest(id: string, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('POST', `/production-access/requests/${enc(id)}/withdraw`, {}, o);
  }
  revokeProductionAccess(id: string, body: RevokeProductionAccessRequest, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('POST', `/production-access/requests/${enc(id)}/revoke`, body, o);
  }
  recertifyProductionAccess(id: string, body: RecertifyProductionAccessRequest, o?: RequestOptions) {
    return this.send<ProductionAccessRequest>('POST', `/production-access/requests/${enc(id)}/recertify`, body, o);
  }
  getProductionAccessHistory(id: string, query: { offset?: number; limit?: number } = {}, o?: RequestOptions) {
    return this.get<Page<HistoryEntry>>(`/production-access/requests/${enc(id)}/history`, query, o);
  }
  getProductionAccessQueue(o?: RequestOptions) {
    return this.get<ProductionAccessQueue>('/production-access/queue', {}, o);
  }
  getProductionAccessReviews(o?: RequestOptions) {
    return this.get<ProductionAccessReview[]>('/production-access/reviews', {}, o);
  }
  listProjectProductionAccess(projectId: string, o?: RequestOptions) {
    return this.get<ProductionAccessRequest[]>(`/projects/${enc(projectId)}/production-access`, {}, o);
  }

  // Internal, for the policy and the catalog module (service credentials).
  getRoleIndex(query: { userRefs?: string } = {}, o?: RequestOptions) {
    return this.get<RoleIndexSnapshot>('/internal/role-index', query, o);
  }
  getRoleIndexChanges(since: number, o?: RequestOptions) {
    return this.get<RoleIndexChanges>('/internal/role-index/changes', { since }, o);
  }
  getCatalogSource(query: { albIds?: string; programmeIds?: string; projectIds?: string } = {}, o?: RequestOptions) {
    return this.get<CatalogSource>('/internal/catalog-source', query, o);
  }

  private async get<T>(path: string, query: Query, o?: RequestOptions): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null) qs.set(k, String(v));
    }
    const suffix = qs.toString() ? `?${qs}` : '';
    return this.request<T>('GET', `${path}${suffix}`, undefined, o);
  }

  private send<T>(method: string, path: string, body: unknown, o?: RequestOptions): Promise<T> {
    return this.request<T>(method, path, body, o);
  }

  private async request<T>(method: string, path: string, body: unknown, o?: RequestOptions): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('adp');
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (o?.token) headers.Authorization = `Bearer ${o.token}`;
    const response = await this.fetchImpl(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      // Carries the server's error body (name, message, field paths) for the forms.
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

