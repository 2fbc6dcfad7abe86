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
      'permission,kind,description,Platform User,Delivery Team Member,Technical Team Member,Delivery Team Admin,Delivery Programme Admin,ADP Admin,CCoE Engineer,ADP Service Account,note',
    );
    expect(csv).toHaveLength(matrix.rows.length + 1);
    expect(csv.find(l => l.startsWith('adp.alb.read,'))).toBe(
      'adp.alb.read,portal,Read Arms Length Bodies,platform,project,project,project,programme,platform,organisation,platform,',
    );
    expect(csv.find(l => l.startsWith('sonarcloud:sonarcloud.projectGroup'))).toContain('"sonarcloud: issueadmin, securityhotspotadmin');
  });
});
