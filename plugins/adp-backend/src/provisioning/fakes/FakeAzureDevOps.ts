import { randomUUID } from 'node:crypto';
import { FakeHttpServer } from './FakeHttpServer';

/** @public */
export interface FakeAdoGroup {
  descriptor: string;
  displayName: string;
  /** `[{project}]\\{displayName}`, as Azure DevOps names project groups. */
  principalName: string;
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

/** The groups Azure DevOps creates with every project. */
const BUILT_IN_GROUPS = [
  'Project Administrators',
  'Build Administrators',
  'Contributors',
  'Readers',
  'Project Valid Users',
];

/**
 * Azure DevOps: projects (dev.azure.com) and the Graph API (vssps.dev.azure.com) on one
 * server, so `baseUrl` and `graphBaseUrl` can both point at it. Every project has its built-in
 * groups; write access to a project's repositories is membership (direct or nested) of its
 * Contributors group. Group lists come in pages of `pageSize` with `x-ms-continuationtoken`.
 *
 * @public
 */
export class FakeAzureDevOps extends FakeHttpServer {
  /** Lower-case project name → id. */
  readonly projects = new Map<string, string>();
  readonly groups = new Map<string, FakeAdoGroup>();
  readonly users: FakeAdoUser[] = [];
  /** Groups per page of `GET /_apis/graph/groups`: small, so a client that ignores the continuation token misses groups. */
  pageSize = 2;
  private readonly projectNames = new Map<string, string>();

  constructor() {
    super();
    // Projects - List (`$top`): what the credential check reads.
    this.route('GET', '/_apis/projects', req => {
      const top = Number(req.query.get('$top') ?? 100);
      const value = [...this.projects].slice(0, top).map(([, id]) => ({ id, name: this.projectNames.get(`scp.${id}`) ?? id, state: 'wellFormed', visibility: 'private' }));
      return { body: { count: value.length, value } };
    });
    this.route('GET', '/_apis/projects/:project', req => {
      const id = this.projects.get(req.params[0].toLowerCase());
      return id
        ? { body: { id, name: req.params[0] } }
        : { status: 404, body: { message: 'project not found' } };
    });
    this.route('GET', '/_apis/graph/descriptors/:id', req => ({
      body: { value: `scp.${req.params[0]}` },
    }));
    this.route('GET', '/_apis/graph/groups', req => {
      const scope = req.query.get('scopeDescriptor');
      const all = [...this.groups.values()].filter(
        g => !scope || g.scopeDescriptor === scope,
      );
      const start = Number(req.query.get('continuationToken') ?? 0);
      const end = start + this.pageSize;
      return {
        body: {
          count: Math.min(this.pageSize, all.length - start),
          value: all.slice(start, end).map(g => this.groupJson(g)),
        },
        headers: (end < all.length
          ? { 'x-ms-continuationtoken': String(end) }
          : {}) as Record<string, string>,
      };
    });
    this.route('POST', '/_apis/graph/groups', req => {
      const scopeDescriptor = req.query.get('scopeDescriptor') ?? '';
      const project = this.projectNames.get(scopeDescriptor);
      if (!project)
        return {
          status: 404,
          body: { message: `VS860001: scope ${scopeDescriptor} not found` },
        };
      const displayName = String(req.body?.displayName ?? '');
      if (!displayName)
        return { status: 400, body: { message: 'displayName is required' } };
      if (
        [...this.groups.values()].some(
          g =>
            g.scopeDescriptor === scopeDescriptor &&
            g.displayName.toLowerCase() === displayName.toLowerCase(),
        )
      ) {
        return {
          status: 409,
          body: { message: `A group with name ${displayName} already exists` },
        };
      }
      const g = this.createGroup(
        project,
        scopeDescriptor,
        displayName,
        req.body.description ?? '',
      );
      // The REST specification documents 200, not 201, for a created group.
      return { body: this.groupJson(g) };
    });
    this.route('GET', '/_apis/graph/memberships/:subject', req => {
      const subject = req.params[0];
      if (!this.subjectExists(subject))
        return { status: 404, body: { message: 'subject not found' } };
      if (req.query.get('direction')?.toLowerCase() === 'up') {
        const containers = [...this.groups.values()].filter(g =>
          g.members.has(subject),
        );
        return {
          body: {
            count: containers.length,
            value: containers.map(g => ({
              memberDescriptor: subject,
              containerDescriptor: g.descriptor,
            })),
          },
        };
      }
      const g = this.groups.get(subject);
      const members = [...(g?.members ?? [])];
      return {
        body: {
          count: members.length,
          value: members.map(m => ({
            memberDescriptor: m,
            containerDescriptor: subject,
          })),
        },
      };
    });
    this.route('PUT', '/_apis/graph/memberships/:subject/:container', req => {
      const [subject, container] = req.params;
      const g = this.groups.get(container);
      if (!g || !this.subjectExists(subject))
        return {
          status: 404,
          body: { message: 'VS860018: subject or container not found' },
        };
      if (subject === container)
        return {
          status: 400,
          body: { message: 'A group cannot be a member of itself' },
        };
      g.members.add(subject);
      return {
        body: { memberDescriptor: subject, containerDescriptor: g.descriptor },
      };
    });
    this.route(
      'DELETE',
      '/_apis/graph/memberships/:subject/:container',
      req => {
        const g = this.groups.get(req.params[1]);
        if (!g) return { status: 404, body: { message: 'group not found' } };
        g.members.delete(req.params[0]);
        return { status: 200 };
      },
    );
    this.route('POST', '/_apis/graph/subjectquery', req => {
      const q = String(req.body.query).toLowerCase();
      return {
        body: {
          value: this.users.filter(
            u =>
              u.mailAddress.toLowerCase() === q ||
              u.principalName.toLowerCase() === q,
          ),
        },
      };
    });
  }

  protected isWrite(c: { method: string; endpoint: string }): boolean {
    return c.method !== 'GET' && !c.endpoint.includes('subjectquery');
  }

  private groupJson(g: FakeAdoGroup) {
    return {
      subjectKind: 'group',
      origin: 'vsts',
      descriptor: g.descriptor,
      displayName: g.displayName,
      principalName: g.principalName,
      description: g.description,
      domain: `vstfs:///Classification/TeamProject/${g.scopeDescriptor.replace(
        /^scp\./,
        '',
      )}`,
    };
  }

  private subjectExists(descriptor: string): boolean {
    return (
      this.groups.has(descriptor) ||
      this.users.some(u => u.descriptor === descriptor)
    );
  }

  private createGroup(
    project: string,
    scopeDescriptor: string,
    displayName: string,
    description: string,
  ): FakeAdoGroup {
    const g: FakeAdoGroup = {
      descriptor: `vssgp.${randomUUID()}`,
      displayName,
      principalName: `[${project}]\\${displayName}`,
      description,
      scopeDescriptor,
      members: new Set(),
    };
    this.groups.set(g.descriptor, g);
    return g;
  }

  /** Azure DevOps throttling: 429 with Retry-After and its X-RateLimit-* headers. */
  protected rateLimitAnswer(resetSeconds: number) {
    return {
      status: 429,
      headers: {
        'retry-after': String(resetSeconds),
        'x-ratelimit-resource': 'ATCPU',
        'x-ratelimit-delay': '0.5',
        'x-ratelimit-limit': '200',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetSeconds),
      },
    };
  }

  /** A project with Azure DevOps's built-in groups. */
  addProject(name: string): string {
    const id = randomUUID();
    this.projects.set(name.toLowerCase(), id);
    this.projectNames.set(`scp.${id}`, name);
    for (const group of BUILT_IN_GROUPS)
      this.createGroup(
        name,
        `scp.${id}`,
        group,
        `Built-in ${group} of ${name}`,
      );
    return id;
  }

  /** A group of a project by display name. */
  projectGroup(project: string, displayName: string): FakeAdoGroup | undefined {
    const id = this.projects.get(project.toLowerCase());
    return [...this.groups.values()].find(
      g => g.scopeDescriptor === `scp.${id}` && g.displayName === displayName,
    );
  }

  /** Whether the user can push to the project's repositories: a member, directly or through nested groups, of its Contributors. */
  canContribute(project: string, email: string): boolean {
    const user = this.users.find(
      u => u.mailAddress.toLowerCase() === email.toLowerCase(),
    );
    const contributors = this.projectGroup(project, 'Contributors');
    if (!user || !contributors) return false;
    const seen = new Set<string>();
    const reaches = (g: FakeAdoGroup): boolean => {
      if (seen.has(g.descriptor)) return false;
      seen.add(g.descriptor);
      if (g.members.has(user.descriptor)) return true;
      return [...g.members].some(
        m => this.groups.has(m) && reaches(this.groups.get(m)!),
      );
    };
    return reaches(contributors);
  }

  addUser(email: string): FakeAdoUser {
    const u = {
      descriptor: `aad.${randomUUID()}`,
      mailAddress: email,
      principalName: email,
    };
    this.users.push(u);
    return u;
  }

  groupByName(name: string): FakeAdoGroup | undefined {
    return [...this.groups.values()].find(g => g.displayName === name);
  }

  memberEmails(name: string): string[] {
    const g = this.groupByName(name);
    return [...(g?.members ?? [])]
      .map(d => this.users.find(u => u.descriptor === d)?.mailAddress ?? d)
      .sort();
  }
}
