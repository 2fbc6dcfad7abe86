import {
  ADP_ANNOTATIONS,
  resolveNamingTemplates,
} from '@adp-portal/plugin-adp-common';
import {
  ANNOTATION_LOCATION,
  entityEnvelopeSchemaValidator,
  GroupEntity,
  groupEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { catalogSourceFixture } from '../__fixtures__/catalogSource';
import { AdpEntityBuilder } from './AdpEntityBuilder';

const builder = new AdpEntityBuilder({
  apiBaseUrl: 'http://adp.example/api/adp',
  naming: resolveNamingTemplates(),
});

describe('AdpEntityBuilder', () => {
  it('builds one Group per active record, linked ALB → programme → project', () => {
    const built = builder.build(catalogSourceFixture());
    expect(built.map(b => b.entityRef)).toEqual([
      'group:alb/rpa',
      'group:programme/fcp',
      'group:default/fcp-acd',
    ]);
    const [alb, programme, project] = built.map(b => b.entity);
    expect(alb.spec.type).toBe('arms-length-body');
    expect(alb.spec.parent).toBeUndefined();
    expect(programme.spec).toMatchObject({
      type: 'delivery-programme',
      parent: 'group:alb/rpa',
    });
    expect(project.spec).toMatchObject({
      type: 'delivery-project',
      parent: 'group:programme/fcp',
    });
    expect(built[2].parent).toEqual({ level: 'programme', id: 'prog-1' });
  });

  it('passes the catalog model validation for Group entities', async () => {
    const validateEnvelope = entityEnvelopeSchemaValidator();
    for (const { entity } of builder.build(catalogSourceFixture())) {
      expect(() => validateEnvelope(entity)).not.toThrow();
      await expect(groupEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('puts members, admins and the membership kinds on the project', () => {
    const project = builder.build(catalogSourceFixture())[2]
      .entity as GroupEntity;
    expect(project.spec.members).toEqual([
      'user:default/dee',
      'user:default/nora',
      'user:default/tess',
    ]);
    expect(project.spec.profile?.displayName).toBe('Annual Compliance Data');
    expect(project.metadata.title).toBe('Annual Compliance Data');
    expect(project.metadata.description).toBe('Compliance data service');
    const a = project.metadata.annotations!;
    expect(a[ADP_ANNOTATIONS.technicalMembers]).toBe('user:default/tess');
    expect(a[ADP_ANNOTATIONS.teamAdmins]).toBe('user:default/dee');
    expect(a[ADP_ANNOTATIONS.projectId]).toBe('proj-1');
    expect(a[ADP_ANNOTATIONS.programmeId]).toBe('prog-1');
    expect(a[ADP_ANNOTATIONS.albId]).toBe('alb-1');
    expect(a[ANNOTATION_LOCATION]).toBe(
      'adp:http://adp.example/api/adp/projects/proj-1',
    );
  });

  it('names external groups from the naming templates, including configured overrides', () => {
    const custom = new AdpEntityBuilder({
      apiBaseUrl: 'http://adp.example/api/adp',
      naming: resolveNamingTemplates({
        'github.contributors': 'team-{programmeCode}-{project}',
      }),
    });
    const a = custom.build(catalogSourceFixture())[2].entity.metadata
      .annotations!;
    expect(a[ADP_ANNOTATIONS.githubContributorsTeam]).toBe('team-FCP-fcp-acd');
    expect(a[ADP_ANNOTATIONS.githubAdminsTeam]).toBe('ADP-fcp-fcp-acd-Admins');
    expect(a[ADP_ANNOTATIONS.entraTechGroup]).toBe(
      'AAG-Users-ADP-fcp-fcp-acd_TechUser',
    );
    expect(a[ADP_ANNOTATIONS.entraNonTechGroup]).toBe(
      'AAG-Users-ADP-fcp-fcp-acd_NonTechUser',
    );
    expect(a[ADP_ANNOTATIONS.entraAdminGroup]).toBe(
      'AAG-Users-ADP-fcp-fcp-acd_Admin',
    );
    expect(a[ADP_ANNOTATIONS.azureDevOpsProject]).toBe('DEFRA-FFC');
    expect(a[ADP_ANNOTATIONS.azureDevOpsContributorsGroup]).toBe(
      'ADP-rpa-fcp-fcp-acd-Contributors',
    );
    expect(a[ADP_ANNOTATIONS.sonarcloudGroup]).toBe('fcp-acd');
    expect(a[ADP_ANNOTATIONS.sonarcloudProjectKeyPrefixes]).toBe(
      'fcp-acd,ffc-acd',
    );
  });

  it('leaves out an annotation whose template needs a value the record lacks', () => {
    const custom = new AdpEntityBuilder({
      apiBaseUrl: 'http://adp.example/api/adp',
      naming: resolveNamingTemplates({
        'sonarcloud.projectGroup': '{projectAlias}',
      }),
    });
    const source = catalogSourceFixture();
    source.projects[0].alias = null;
    const a = custom.build(source)[2].entity.metadata.annotations!;
    expect(a[ADP_ANNOTATIONS.sonarcloudGroup]).toBeUndefined();
    expect(a[ADP_ANNOTATIONS.sonarcloudProjectKeyPrefixes]).toBe('fcp-acd');
  });

  it('gives programmes their admins as members, the admin group and the website link', () => {
    const source = catalogSourceFixture();
    source.programmes[0].url = 'https://fcp.example';
    const programme = builder.build(source)[1].entity;
    expect(programme.spec.members).toEqual(['user:default/pat']);
    expect(
      programme.metadata.annotations![ADP_ANNOTATIONS.programmeAdmins],
    ).toBe('user:default/pat');
    expect(
      programme.metadata.annotations![ADP_ANNOTATIONS.entraAdminGroup],
    ).toBe('AAG-Users-ADP-fcp_Admin');
    expect(programme.metadata.links).toEqual([
      {
        url: 'https://fcp.example',
        title: 'Website',
        icon: 'web',
        type: 'website',
      },
    ]);
  });

  it('drops archived records and the projects of an archived or absent programme', () => {
    const source = catalogSourceFixture();
    source.programmes[0].archivedAt = '2026-03-01T00:00:00.000Z';
    expect(builder.build(source).map(b => b.entityRef)).toEqual([
      'group:alb/rpa',
    ]);
    const orphan = catalogSourceFixture();
    orphan.programmes = [];
    expect(builder.build(orphan).map(b => b.entityRef)).toEqual([
      'group:alb/rpa',
    ]);
  });

  it('keeps entity refs of the three kinds apart even when their names are equal', () => {
    const source = catalogSourceFixture();
    source.albs[0].name = 'fcp-acd';
    source.programmes[0].name = 'fcp-acd';
    const refs = builder.build(source).map(b => b.entityRef);
    expect(new Set(refs).size).toBe(3);
  });
});
