import { randomUUID } from 'node:crypto';
import { FakeHttpServer } from './FakeHttpServer';

/** @public */
export interface FakeAdoGroup {
  descriptor: string;
  displayName: string;
  description: string;
  scopeDescriptor: string;
  members: Set<string>;
}

/** @public */
export interface FakeAdoUser {
  descriptor: string;
  mailAddress: string;
  principalName: string;
}

/**
 * Azure DevOps: projects (dev.azure.com) and the Graph API (vssps.dev.azure.com) on one
 * server, so `baseUrl` and `graphBaseUrl` can both point at it.
 *
 * @public
 */
export class FakeAzureDevOps extends FakeHttpServer {
  readonly projects = new Map<string, string>();
  readonly groups = new Map<string, FakeAdoGroup>();
  readonly users: FakeAdoUser[] = [];

  constructor() {
    super();
    this.route('GET', '/_apis/projects/:project', req => {
      const id = this.projects.get(req.params[0].toLowerCase());
      return id ? { body: { id, name: req.params[0] } } : { status: 404, body: { message: 'project not found' } };
    });
    this.route('GET', '/_apis/graph/descriptors/:id', req => ({ body: { value: `scp.${req.params[0]}` } }));
    this.route('GET', '/_apis/graph/groups', req => {
      const scope = req.query.get('scopeDescriptor');
      return {
        body: {
          value: [...this.groups.values()]
            .filter(g => !scope || g.scopeDescriptor === scope)
            .map(g => ({ descriptor: g.descriptor, displayName: g.displayName, description: g.description })),
        },
      };
    });
    this.route('POST', '/_apis/graph/groups', req => {
      const scopeDescriptor = req.query.get('scopeDescriptor') ?? '';
      const g: FakeAdoGroup = { descriptor: `vssgp.${randomUUID()}`, displayName: req.body.displayName, description: req.body.description ?? '', scopeDescriptor, members: new Set() };
      this.groups.set(g.descriptor, g);
      return { status: 201, body: { descriptor: g.descriptor, displayName: g.displayName } };
    });
    this.route('GET', '/_apis/graph/memberships/:subject', req => {
      const g = this.groups.get(req.params[0]);
      if (!g) return { status: 404, body: { message: 'group not found' } };
      return { body: { value: [...g.members].map(m => ({ memberDescriptor: m, containerDescriptor: g.descriptor })) } };
    });
    this.route('PUT', '/_apis/graph/memberships/:subject/:container', req => {
      const g = this.groups.get(req.params[1]);
      if (!g) return { status: 404, body: { message: 'group not found' } };
      g.members.add(req.params[0]);
      return { body: { memberDescriptor: req.params[0], containerDescriptor: g.descriptor } };
    });
    this.route('DELETE', '/_apis/graph/memberships/:subject/:container', req => {
      const g = this.groups.get(req.params[1]);
      if (!g) return { status: 404, body: { message: 'group not found' } };
      g.members.delete(req.params[0]);
      return { status: 200 };
    });
    this.route('POST', '/_apis/graph/subjectquery', req => {
      const q = String(req.body.query).toLowerCase();
      return { body: { value: this.users.filter(u => u.mailAddress.toLowerCase() === q || u.principalName.toLowerCase() === q) } };
    });
  }

  protected isWrite(c: { method: string; endpoint: string }): boolean {
    return c.method !== 'GET' && !c.endpoint.includes('subjectquery');
  }

  addProject(name: string): string {
    const id = randomUUID();
    this.projects.set(name.toLowerCase(), id);
    return id;
  }

  addUser(email: string): FakeAdoUser {
    const u = { descriptor: `aad.${randomUUID()}`, mailAddress: email, principalName: email };
    this.users.push(u);
    return u;
  }

  groupByName(name: string): FakeAdoGroup | undefined {
    return [...this.groups.values()].find(g => g.displayName === name);
  }

  memberEmails(name: string): string[] {
    const g = this.groupByName(name);
    return [...(g?.members ?? [])].map(d => this.users.find(u => u.descriptor === d)?.mailAddress ?? d).sort();
  }
}
