import { adpPermissionDescriptions, adpPermissions, AdpPermissionName } from '../permissions';
import { ROLE_DEFINITIONS, ROLE_IDS, RoleId, RoleScopeKind, ExternalGrant } from './definitions';
import { effectivePermissions, includedRoles } from './evaluate';

export interface PermissionMatrixRow {
  /** A portal permission name, or `{system}:{group}` for access outside the portal. */
  key: string;
  kind: 'portal' | 'external';
  description: string;
  /** For each role, the scope at which it grants this row, or null. */
  grants: Record<RoleId, RoleScopeKind | null>;
  /** For external rows: extra roles needed in the same scope, if any. */
  note?: string;
}

export interface PermissionMatrix {
  roles: Array<{ id: RoleId; title: string; scope: RoleScopeKind; description: string }>;
  rows: PermissionMatrixRow[];
}

const emptyGrants = () =>
  Object.fromEntries(ROLE_IDS.map(r => [r, null])) as Record<RoleId, RoleScopeKind | null>;

function externalGrantsOf(role: RoleId): ExternalGrant[] {
  return includedRoles(role).flatMap(r => ROLE_DEFINITIONS[r].external);
}

/** The roles × permissions table, generated from the role definitions. */
export function buildPermissionMatrix(): PermissionMatrix {
  const rows: PermissionMatrixRow[] = adpPermissions.map(p => {
    const grants = emptyGrants();
    for (const role of ROLE_IDS) {
      if (effectivePermissions(role).has(p.name as AdpPermissionName)) {
        grants[role] = ROLE_DEFINITIONS[role].scope;
      }
    }
    return { key: p.name, kind: 'portal', description: adpPermissionDescriptions[p.name], grants };
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
    rows: [...rows, ...external.values()],
  };
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The matrix as CSV: one row per permission, one column per role, cells are scopes. */
export function permissionMatrixToCsv(matrix: PermissionMatrix): string {
  const header = ['permission', 'kind', 'description', ...matrix.roles.map(r => r.title), 'note'];
  const lines = matrix.rows.map(row => [
    row.key,
    row.kind,
    row.description,
    ...matrix.roles.map(r => row.grants[r.id] ?? ''),
    row.note ?? '',
  ]);
  return [header, ...lines].map(l => l.map(csvCell).join(',')).join('\n') + '\n';
}
