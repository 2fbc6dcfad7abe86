import { NamingTemplateKey, NamingTemplates, NamingVariables, renderName } from './naming';

/*
 * A group or team is found by its name in each external system, so two records that render
 * one name share its members (and a GitHub team's repositories): a programme called
 * `fcp-fcp-acd` would own the Entra group that holds the admins of the project `fcp-acd`.
 * Every name a record renders, under every template, must therefore be its own.
 */

/**
 * The records whose names become external names.
 *
 * @public
 */
export interface NamedRecords {
  /** Arms Length Bodies. */
  albs: ReadonlyArray<{ id: string; name: string }>;
  /** Delivery programmes. */
  programmes: ReadonlyArray<{ id: string; albId: string; name: string; code: string; title: string }>;
  /** Delivery projects. */
  projects: ReadonlyArray<{ id: string; programmeId: string; name: string; alias: string | null; title: string }>;
}

/**
 * Who a rendered name belongs to: the platform itself, or one record.
 *
 * @public
 */
export type NameOwner = { kind: 'platform' } | { kind: 'alb' | 'programme' | 'project'; id: string; title: string };

/**
 * One name a record renders, in one system.
 *
 * @public
 */
export interface RenderedName {
  /** `github`, `entra`, `azureDevOps`, `sonarcloud`; `repositories` for a project's repository prefix. */
  system: string;
  /** The template it came from, or `repositoryPrefix`. */
  template: NamingTemplateKey | 'repositoryPrefix';
  /** The name as rendered. */
  name: string;
  /** Whose name it is. */
  owner: NameOwner;
}

/**
 * A clash: a name the changed record would render, and the record (or platform) that has it.
 *
 * @public
 */
export interface NameClash {
  /** The changed record's name. */
  mine: RenderedName;
  /** The same name (as the system compares names), someone else's. */
  theirs: RenderedName;
}

/**
 * How a system compares names. GitHub finds teams by slug (lower case, anything but letters and
 * digits a hyphen); Entra ID, Azure DevOps and SonarCloud compare display names without case.
 * One rule, GitHub's, for all: it only ever treats more names as equal.
 *
 * @public
 */
export function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const PROJECT_VARIABLES = ['project', 'projectAlias', 'projectTitle'];
const PROGRAMME_VARIABLES = ['programme', 'programmeCode'];

/** Which record a template names: the narrowest scope among its variables. */
function scopeOf(template: string): 'platform' | 'alb' | 'programme' | 'project' {
  const vars = [...template.matchAll(/\{([a-zA-Z]+)\}/g)].map(m => m[1]);
  if (vars.some(v => PROJECT_VARIABLES.includes(v))) return 'project';
  if (vars.some(v => PROGRAMME_VARIABLES.includes(v))) return 'programme';
  if (vars.includes('alb')) return 'alb';
  return 'platform';
}

/** Renders with every environment when the template names one; empty when a variable is missing (an unset alias). */
function renderAll(template: string, vars: NamingVariables, environments: readonly string[]): string[] {
  const envs = template.includes('{environment}') ? environments : [undefined];
  const names: string[] = [];
  for (const environment of envs) {
    try {
      names.push(renderName(template, { ...vars, environment }));
    } catch {
      // A template that needs the alias names nothing for a project without one.
    }
  }
  return names;
}

/**
 * Every external name the records render under the templates, with its owner.
 *
 * @public
 */
export function renderedNames(records: NamedRecords, templates: NamingTemplates, environments: readonly string[]): RenderedName[] {
  const albs = new Map(records.albs.map(a => [a.id, a]));
  const programmes = new Map(records.programmes.map(p => [p.id, p]));
  const out: RenderedName[] = [];
  const add = (template: NamingTemplateKey, vars: NamingVariables, owner: NameOwner) => {
    for (const name of renderAll(templates[template], vars, environments)) {
      out.push({ system: template.split('.')[0], template, name, owner });
    }
  };
  for (const template of Object.keys(templates) as NamingTemplateKey[]) {
    const scope = scopeOf(templates[template]);
    if (scope === 'platform') add(template, {}, { kind: 'platform' });
    if (scope === 'alb') for (const a of records.albs) add(template, { alb: a.name }, { kind: 'alb', id: a.id, title: a.name });
    if (scope === 'programme') {
      for (const p of records.programmes) {
        add(template, { alb: albs.get(p.albId)?.name, programme: p.name, programmeCode: p.code }, { kind: 'programme', id: p.id, title: p.title });
      }
    }
    if (scope === 'project') {
      for (const d of records.projects) {
        const p = programmes.get(d.programmeId);
        if (!p) continue;
        const vars = { alb: albs.get(p.albId)?.name, programme: p.name, programmeCode: p.code, project: d.name, projectAlias: d.alias, projectTitle: d.title };
        add(template, vars, { kind: 'project', id: d.id, title: d.title });
      }
    }
  }
  // A GitHub team gets every repository named after one of its project's prefixes (`fcp-acd`, `fcp-acd-*`).
  for (const d of records.projects) {
    for (const prefix of d.alias && d.alias !== d.name ? [d.name, d.alias] : [d.name]) {
      out.push({ system: 'repositories', template: 'repositoryPrefix', name: prefix, owner: { kind: 'project', id: d.id, title: d.title } });
    }
  }
  return out;
}

const ownerKey = (o: NameOwner) => (o.kind === 'platform' ? 'platform' : `${o.kind}:${o.id}`);

/** True when one repository prefix would also match the other's repositories (`fcp` and `fcp-acd`). */
function prefixesOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}-`) || b.startsWith(`${a}-`);
}

/**
 * The first name a changed record would share with another record or with the platform, or
 * undefined. `changed` are owner keys (`project:<id>`, `programme:<id>`, `alb:<id>`); clashes
 * between records that did not change are not this write's to refuse.
 *
 * @public
 */
export function findNameClash(
  records: NamedRecords,
  templates: NamingTemplates,
  environments: readonly string[],
  changed: ReadonlySet<string>,
): NameClash | undefined {
  const names = renderedNames(records, templates, environments);
  const bySystemKey = new Map<string, RenderedName[]>();
  const prefixes: RenderedName[] = [];
  for (const n of names) {
    if (n.system === 'repositories') {
      prefixes.push({ ...n, name: n.name.toLowerCase() });
      continue;
    }
    const key = `${n.system}\u0000${nameKey(n.name)}`;
    const list = bySystemKey.get(key) ?? [];
    list.push(n);
    bySystemKey.set(key, list);
  }
  for (const list of bySystemKey.values()) {
    const mine = list.find(n => changed.has(ownerKey(n.owner)));
    const theirs = mine && list.find(n => ownerKey(n.owner) !== ownerKey(mine.owner));
    if (mine && theirs) return { mine, theirs };
  }
  for (const mine of prefixes.filter(n => changed.has(ownerKey(n.owner)))) {
    const theirs = prefixes.find(n => ownerKey(n.owner) !== ownerKey(mine.owner) && prefixesOverlap(mine.name, n.name));
    if (theirs) return { mine, theirs };
  }
  return undefined;
}

const SYSTEM_TITLES: Record<string, string> = {
  entra: 'Entra ID group',
  github: 'GitHub team',
  azureDevOps: 'Azure DevOps group',
  sonarcloud: 'SonarCloud group',
};

/**
 * The clash as a sentence for the person who chose the name.
 *
 * @public
 */
export function describeNameClash({ mine, theirs }: NameClash): string {
  const whose = theirs.owner.kind === 'platform' ? 'the ADP platform' : `the ${theirs.owner.kind === 'alb' ? 'Arms Length Body' : theirs.owner.kind} ${theirs.owner.title}`;
  if (mine.system === 'repositories') {
    return `The repository prefix ${mine.name} overlaps ${theirs.name}, a prefix of ${whose}: its teams would get the other project's repositories. Choose another name or alias`;
  }
  const what = SYSTEM_TITLES[mine.system] ?? `${mine.system} group`;
  const same = mine.name === theirs.name ? '' : ` (as ${theirs.name})`;
  return `The ${what} ${mine.name} is already ${whose}'s${same}: its members would be shared. Choose another name, code or alias`;
}
