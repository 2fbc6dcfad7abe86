import { FakeHttpServer, FakeRequest } from './FakeHttpServer';

/** @public */
export interface FakeSonarGroup {
  id: string;
  name: string;
  description: string;
  members: Set<string>;
}

/** @public */
export interface FakeSonarTemplate {
  id: string;
  name: string;
  projectKeyPattern: string;
  /** Group name → permissions. */
  groups: Map<string, Set<string>>;
}

/**
 * A project, with the permissions SonarCloud gave it at creation from the permission template
 * whose key pattern matches its key.
 *
 * @public
 */
export interface FakeSonarProject {
  key: string;
  name: string;
  visibility: string;
  /** The template applied at creation, if any. */
  template?: string;
  /** Group name → permissions. */
  groups: Map<string, Set<string>>;
}

/**
 * SonarCloud's Web API for one organisation: user groups and permission templates. As SonarCloud
 * does, it refuses to put a login that is not a member of the organisation in a group (members
 * join by hand or by GitHub member synchronisation: {@link FakeSonarCloud.addMember}), and it
 * answers lists in pages (`p`, `ps`, `paging.total`), here of at most `maxPageSize` items so a
 * client that reads only the first page misses some.
 *
 * @public
 */
export class FakeSonarCloud extends FakeHttpServer {
  readonly groups = new Map<string, FakeSonarGroup>();
  readonly templates = new Map<string, FakeSonarTemplate>();
  readonly projects = new Map<string, FakeSonarProject>();
  /** Logins that are members of the organisation. */
  readonly members = new Set<string>();
  /** Whether the token has Administer Organization: without it, administration calls answer 403. */
  administer = true;
  /** The most items a page holds, whatever `ps` asks (SonarCloud's own cap is 500). */
  maxPageSize = 2;
  private nextId = 1;

  constructor(readonly organization: string) {
    super();
    const page = <T>(req: FakeRequest, items: T[]) => {
      const p = Math.max(1, Number(req.query.get('p') ?? 1));
      const ps = Math.min(this.maxPageSize, Math.max(1, Number(req.query.get('ps') ?? 100)));
      return { paging: { pageIndex: p, pageSize: ps, total: items.length }, items: items.slice((p - 1) * ps, p * ps) };
    };
    const org = (o: string | null | undefined) => {
      if (o !== this.organization) throw new Error(`unknown organization ${o}`);
    };
    const template = (p: Record<string, string>) =>
      p.templateId ? [...this.templates.values()].find(t => t.id === p.templateId) : this.templates.get(p.templateName);
    this.route('GET', '/api/projects/search', req => {
      org(req.query.get('organization'));
      const keys = (req.query.get('projects') ?? '').split(',').filter(Boolean);
      const found = [...this.projects.values()].filter(p => !keys.length || keys.includes(p.key));
      const { paging, items } = page(req, found);
      return { body: { paging, components: items.map(p => ({ key: p.key, name: p.name, qualifier: 'TRK', visibility: p.visibility })) } };
    });
    this.route('POST', '/api/projects/create', req => {
      org(req.body.organization);
      const key = String(req.body.project ?? '');
      if (!key || !req.body.name) return { status: 400, body: { errors: [{ msg: "The 'project' and 'name' parameters are missing" }] } };
      if (this.projects.has(key)) return { status: 400, body: { errors: [{ msg: `Could not create Project with key: "${key}". A similar key already exists: "${key}"` }] } };
      // As SonarCloud does: the first template whose key pattern matches the whole key applies.
      const matching = [...this.templates.values()].find(t => t.projectKeyPattern && new RegExp(`^(?:${t.projectKeyPattern})$`).test(key));
      const p: FakeSonarProject = {
        key,
        name: req.body.name,
        visibility: req.body.visibility ?? 'public',
        template: matching?.name,
        groups: new Map([...(matching?.groups ?? [])].map(([g, perms]) => [g, new Set(perms)])),
      };
      this.projects.set(key, p);
      return { body: { project: { key: p.key, name: p.name, qualifier: 'TRK', visibility: p.visibility } } };
    });
    this.route('GET', '/api/user_groups/search', req => {
      org(req.query.get('organization'));
      const q = (req.query.get('q') ?? '').toLowerCase();
      const { paging, items } = page(req, [...this.groups.values()].filter(g => g.name.toLowerCase().includes(q)));
      return { body: { paging, groups: items.map(g => ({ id: g.id, name: g.name, membersCount: g.members.size })) } };
    });
    this.route('POST', '/api/user_groups/create', req => {
      org(req.body.organization);
      if (this.groups.has(req.body.name)) return { status: 400, body: { errors: [{ msg: `Group '${req.body.name}' already exists` }] } };
      const g = { id: String(this.nextId++), name: req.body.name, description: req.body.description ?? '', members: new Set<string>() };
      this.groups.set(g.name, g);
      return { body: { group: { id: g.id, name: g.name } } };
    });
    this.route('GET', '/api/organizations/search_members', req => {
      org(req.query.get('organization'));
      const q = (req.query.get('q') ?? '').toLowerCase();
      const { paging, items } = page(req, [...this.members].sort().filter(login => login.toLowerCase().includes(q)));
      return { body: { paging, users: items.map(login => ({ login, name: login })) } };
    });
    this.route('GET', '/api/user_groups/users', req => {
      const g = this.groups.get(req.query.get('name') ?? '');
      if (!g) return { status: 404, body: { errors: [{ msg: 'No group' }] } };
      const { paging, items } = page(req, [...g.members].sort());
      return { body: { p: paging.pageIndex, ps: paging.pageSize, total: paging.total, users: items.map(login => ({ login, name: login, selected: true })) } };
    });
    this.route('POST', '/api/user_groups/add_user', req => {
      const g = this.groups.get(req.body.name);
      if (!g) return { status: 404, body: { errors: [{ msg: 'No group' }] } };
      if (!this.members.has(req.body.login)) {
        return { status: 400, body: { errors: [{ msg: `User '${req.body.login}' is not member of organization '${this.organization}'` }] } };
      }
      g.members.add(req.body.login);
      return { status: 204 };
    });
    this.route('POST', '/api/user_groups/remove_user', req => {
      const g = this.groups.get(req.body.name);
      if (!g) return { status: 404, body: { errors: [{ msg: 'No group' }] } };
      g.members.delete(req.body.login);
      return { status: 204 };
    });
    this.route('GET', '/api/permissions/search_templates', req => {
      org(req.query.get('organization'));
      if (!this.administer) return { status: 403, body: { errors: [{ msg: 'Insufficient privileges' }] } };
      const q = (req.query.get('q') ?? '').toLowerCase();
      return { body: { permissionTemplates: [...this.templates.values()].filter(t => t.name.toLowerCase().includes(q)).map(t => ({ id: t.id, name: t.name, projectKeyPattern: t.projectKeyPattern })) } };
    });
    this.route('POST', '/api/permissions/create_template', req => {
      org(req.body.organization);
      if (this.templates.has(req.body.name)) return { status: 400, body: { errors: [{ msg: 'exists' }] } };
      const t = { id: `tpl-${this.nextId++}`, name: req.body.name, projectKeyPattern: req.body.projectKeyPattern ?? '', groups: new Map<string, Set<string>>() };
      this.templates.set(t.name, t);
      return { body: { permissionTemplate: { id: t.id, name: t.name, projectKeyPattern: t.projectKeyPattern } } };
    });
    this.route('POST', '/api/permissions/update_template', req => {
      const t = template({ templateId: req.body.id });
      if (!t) return { status: 404, body: { errors: [{ msg: 'No template' }] } };
      if (req.body.projectKeyPattern !== undefined) t.projectKeyPattern = req.body.projectKeyPattern;
      return { body: { permissionTemplate: { id: t.id, name: t.name, projectKeyPattern: t.projectKeyPattern } } };
    });
    this.route('GET', '/api/permissions/template_groups', req => {
      const t = template({ templateId: req.query.get('templateId') ?? '', templateName: req.query.get('templateName') ?? '' });
      if (!t) return { status: 404, body: { errors: [{ msg: 'No template' }] } };
      const { paging, items } = page(req, [...t.groups]);
      return { body: { paging, groups: items.map(([name, perms]) => ({ name, permissions: [...perms].sort() })) } };
    });
    this.route('POST', '/api/permissions/add_group_to_template', req => {
      const t = template(req.body);
      if (!t || !this.groups.has(req.body.groupName)) return { status: 404, body: { errors: [{ msg: 'No template or group' }] } };
      if (!t.groups.has(req.body.groupName)) t.groups.set(req.body.groupName, new Set());
      t.groups.get(req.body.groupName)!.add(req.body.permission);
      return { status: 204 };
    });
    this.route('POST', '/api/permissions/remove_group_from_template', req => {
      const t = template(req.body);
      if (!t) return { status: 404, body: { errors: [{ msg: 'No template' }] } };
      t.groups.get(req.body.groupName)?.delete(req.body.permission);
      if (t.groups.get(req.body.groupName)?.size === 0) t.groups.delete(req.body.groupName);
      return { status: 204 };
    });
  }

  /** A login joins the organisation (by hand or by GitHub member synchronisation). */
  addMember(...logins: string[]): void {
    for (const login of logins) this.members.add(login);
  }

  membersOf(name: string): string[] {
    return [...(this.groups.get(name)?.members ?? [])].sort();
  }
}
