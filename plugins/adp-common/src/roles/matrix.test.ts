import { adpPermissions } from '../permissions';
import { buildPermissionMatrix, permissionMatrixToCsv } from './matrix';

describe('permission matrix', () => {
  const matrix = buildPermissionMatrix();
  const row = (key: string) => matrix.rows.find(r => r.key === key)!;

  it('has one column per role and one portal row per permission', () => {
    expect(matrix.roles.map(r => r.title)).toEqual([
      'Platform User',
      'Delivery Team Member',
      'Technical Team Member',
      'Delivery Team Admin',
      'Delivery Programme Admin',
      'ADP Admin',
      'CCoE Engineer',
      'ADP Service Account',
    ]);
    expect(matrix.rows.filter(r => r.kind === 'portal')).toHaveLength(adpPermissions.length);
    expect(matrix.levels.map(l => l.title)).toEqual(['Production Deploy', 'Production Admin']);
  });

  it('shows production access: who requests and sponsors, and what each level gives', () => {
    expect(row('adp.productionAccess.request').grants).toMatchObject({
      'delivery-team-member': null,
      'technical-team-member': 'project',
      'delivery-team-admin': null,
      'adp-admin': 'platform',
    });
    expect(row('adp.productionAccess.sponsor').grants).toMatchObject({
      'technical-team-member': null,
      'delivery-team-admin': 'project',
      'adp-admin': 'platform',
      'ccoe-engineer': null,
      'adp-service-account': null,
    });
    // Team admins hold the permission; the note says only the project's tech lead uses it.
    expect(row('adp.productionAccess.sponsor').note).toContain("only the project's tech lead (Technical Team Member and Delivery Team Admin of the project");
    expect(row('adp.productionAccess.revoke').grants['delivery-team-admin']).toBe('project');
    expect(row('production-deploy:deploy')).toMatchObject({
      kind: 'production',
      levels: { 'production-deploy': 'project', 'production-admin': null },
    });
    expect(Object.values(row('production-deploy:deploy').grants).every(g => g === null)).toBe(true);
    expect(row('production-admin:entra:entra.productionAdmin')).toMatchObject({
      levels: { 'production-deploy': null, 'production-admin': 'project' },
      note: 'also requires Production Deploy',
    });
    expect(row('production-deploy:azure:entra.dbReader').description).toBe('azure: PostgreSQL reader in production environments');
    expect(row('adp.project.update').levels).toEqual({ 'production-deploy': null, 'production-admin': null });
  });

  it('states the scope at which each role grants a permission', () => {
    expect(row('adp.project.update').grants).toMatchObject({
      'platform-user': null,
      'delivery-team-member': null,
      'delivery-team-admin': 'project',
      'delivery-programme-admin': 'programme',
      'adp-admin': 'platform',
      'ccoe-engineer': null,
    });
    expect(row('adp.project.createService').grants).toMatchObject({
      'technical-team-member': 'project',
      'delivery-team-admin': null,
      'delivery-programme-admin': null,
      'adp-admin': 'platform',
    });
  });

  it('lists external access, with GitHub admin only for technical team admins', () => {
    expect(row('github:github.admins')).toMatchObject({
      kind: 'external',
      note: 'also requires Technical Team Member',
    });
    expect(row('github:github.contributors').grants['delivery-team-member']).toBeNull();
    expect(row('azure:entra.dbWriter').grants['technical-team-member']).toBe('project');
  });

  it('renders CSV with a header and one line per row, quoting commas', () => {
    const csv = permissionMatrixToCsv(matrix).trimEnd().split('\n');
    expect(csv[0]).toBe(
      'permission,kind,description,Platform User,Delivery Team Member,Technical Team Member,Delivery Team Admin,Delivery Programme Admin,ADP Admin,CCoE Engineer,ADP Service Account,Production Deploy,Production Admin,note',
    );
    expect(csv).toHaveLength(matrix.rows.length + 1);
    expect(csv.find(l => l.startsWith('adp.alb.read,'))).toBe(
      'adp.alb.read,portal,Read Arms Length Bodies,platform,project,project,project,programme,platform,organisation,platform,,,',
    );
    expect(csv.find(l => l.startsWith('production-admin:administer,'))).toBe(
      "production-admin:administer,production,Administer the project's production systems,,,,,,,,,,project,also requires Production Deploy",
    );
    expect(csv.find(l => l.startsWith('sonarcloud:sonarcloud.projectGroup'))).toContain('"sonarcloud: issueadmin, securityhotspotadmin');
  });
});
