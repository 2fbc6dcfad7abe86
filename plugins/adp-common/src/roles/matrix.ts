import { adpPermissionDescriptions, adpPermissions, AdpPermissionName } from '../permissions';
import { ExternalGrant, PERMISSION_CONDITIONS, ROLE_DEFINITIONS, ROLE_IDS, RoleId, RoleScopeKind } from './definitions';
import { effectivePermissions, includedRoles } from './evaluate';
import { PRODUCTION_LEVEL_IDS, PRODUCTION_LEVELS, ProductionLevelId } from './productionLevels';

/** @public */
export interface PermissionMatrixRow {
  /**
   * A portal permission name, `{system}:{group}` for access outside the portal, or
   * `{level}:{grant}` / `{level}:{system}:{group}` for what a production level gives.
   */
  key: string;
  kind: 'portal' | 'external' | 'production';
  description: string;
  /** For each role, the scope at which it grants this row, or null. */
  grants: Record<RoleId, RoleScopeKind | null>;
  /** For each production level, `project` when holding it on a project gives this row there. */
  levels: Record<ProductionLevelId, 'project' | null>;
  /** For external rows: extra roles needed in the same scope, if any. */
  note?: string;
}

/** @public */
export interface PermissionMatrix {
  roles: Array<{ id: RoleId; title: string; scope: RoleScopeKind; description: string }>;
  /** Production levels: held per project when a sponsor approved them, shown as extra columns. */
  levels: Array<{ id: ProductionLevelId; title: string; description: string; requires: ProductionLevelId[] }>;
  rows: PermissionMatrixRow[];
}

const emptyGrants = () =>
  Object.fromEntries(ROLE_IDS.map(r => [r, null])) as Record<RoleId, RoleScopeKind | null>;

const noLevels = () =>
  Object.fromEntries(PRODUCTION_LEVEL_IDS.map(l => [l, null])) as Record<ProductionLevelId, 'project' | null>;

/** What each production level gives, inside and outside the portal: one row per grant. */
function productionRows(): PermissionMatrixRow[] {
  return PRODUCTION_LEVEL_IDS.flatMap(id => {
    const level = PRODUCTION_LEVELS[id];
    const row = (key: string, description: string, note?: string): PermissionMatrixRow => ({
      key: `${id}:${key}`,
      kind: 'production',
      description,
      grants: emptyGrants(),
      levels: { ...noLevels(), [id]: 'project' },
      note,
    });
    const requires = level.requires.length
      ? `also requires ${level.requires.map(r => PRODUCTION_LEVELS[r].title).join(', ')}`
      : undefined;
    return [
      ...level.grants.map(g => row(g.key, g.description, requires)),
      ...level.external.map(g => row(`${g.system}:${g.group}`, `${g.system}: ${g.access}`, requires)),
    ];
  });
}

function externalGrantsOf(role: RoleId): ExternalGrant[] {
  return includedRoles(role).flatMap(r => ROLE_DEFINITIONS[r].external);
}

/**
 * The roles × permissions table, generated from the role definitions.
 *
 * @public
 */
export function buildPermissionMatrix(): PermissionMatrix {
  const rows: PermissionMatrixRow[] = adpPermissions.map(p => {
    const grants = emptyGrants();
    for (const role of ROLE_IDS) {
      if (effectivePermissions(role).has(p.name as AdpPermissionName)) {
        grants[role] = ROLE_DEFINITIONS[role].scope;
      }
    }
    const note = PERMISSION_CONDITIONS[p.name as AdpPermissionName];
    return { key: p.name, kind: 'portal', description: adpPermissionDescriptions[p.name], grants, levels: noLevels(), ...(note ? { note } : {}) };
  });

  const external = new Map<string, PermissionMatrixRow>();
  for (const role of ROLE_IDS) {
    for (const g of externalGrantsOf(role)) {
      const key = `${g.system}:${g.group}`;
      const row =
        external.get(key) ??
        ({
          key,
          kind: 'external',
          description: `${g.system}: ${g.access}`,
          grants: emptyGrants(),
          levels: noLevels(),
          note: g.requiresRoles?.length
            ? `also requires ${g.requiresRoles.map(r => ROLE_DEFINITIONS[r].title).join(', ')}`
            : undefined,
        } satisfies PermissionMatrixRow);
      row.grants[role] = ROLE_DEFINITIONS[role].scope;
      external.set(key, row);
    }
  }
  return {
    roles: ROLE_IDS.map(id => {
      const { title, scope, description } = ROLE_DEFINITIONS[id];
      return { id, title, scope, description };
    }),
    levels: PRODUCTION_LEVEL_IDS.map(id => {
      const { title, description, requires } = PRODUCTION_LEVELS[id];
      return { id, title, description, requires };
    }),
    rows: [...rows, ...external.values(), ...productionRows()],
  };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The matrix as CSV: one row per permission, one column per role and level, cells are scopes.
 *
 * @public
 */
export function permissionMatrixToCsv(matrix: PermissionMatrix): string {
  const header = ['permission', 'kind', 'description', ...matrix.roles.map(r => r.title), ...matrix.levels.map(l => l.title), 'note'];
  const lines = matrix.rows.map(row => [
    row.key,
    row.kind,
    row.description,
    ...matrix.roles.map(r => row.grants[r.id] ?? ''),
    ...matrix.levels.map(l => row.levels[l.id] ?? ''),
    row.note ?? '',
  ]);
  return `${[header, ...lines].map(l => l.map(csvCell).join(',')).join('\n')}\n`;
}
