import { DEFAULT_NAMING_TEMPLATES, renderName, resolveNamingTemplates } from './naming';

const vars = { alb: 'rpa', programme: 'fcp', project: 'fcp-acd', environment: 'dev1' };

describe('naming templates', () => {
  it('defaults to the names of the ADP permissions model', () => {
    const t = resolveNamingTemplates();
    expect(renderName(t['entra.projectTech'], vars)).toBe('AAG-Users-ADP-fcp-fcp-acd_TechUser');
    expect(renderName(t['entra.programmeAdmin'], vars)).toBe('AAG-Users-ADP-fcp_Admin');
    expect(renderName(t['entra.dbReader'], vars)).toBe('AAG-Azure-ADP-fcp-fcp-acd-dev1-PostgressDB_Reader');
    expect(renderName(t['github.admins'], vars)).toBe('ADP-fcp-fcp-acd-Admins');
    expect(renderName(t['azureDevOps.contributors'], vars)).toBe('ADP-rpa-fcp-fcp-acd-Contributors');
    expect(renderName(t['github.platformAdmins'], {})).toBe('ADP-Platform-Admins');
  });

  it('applies configured overrides', () => {
    const t = resolveNamingTemplates({ 'github.contributors': 'team-{projectAlias}-write' });
    expect(renderName(t['github.contributors'], { projectAlias: 'ffc-acd' })).toBe('team-ffc-acd-write');
    expect(t['github.admins']).toBe(DEFAULT_NAMING_TEMPLATES['github.admins']);
  });

  it('names the key and the variable when a template is unusable', () => {
    expect(() => resolveNamingTemplates({ 'github.admins': 'x-{projct}' })).toThrow(
      'Invalid configuration adp.naming.github.admins: unknown variable {projct}',
    );
    expect(() => resolveNamingTemplates({ 'github.typo': 'x' })).toThrow('Invalid configuration adp.naming.github.typo: not a known naming template');
    expect(() => resolveNamingTemplates({ 'github.admins': ' ' })).toThrow('Invalid configuration adp.naming.github.admins: must be a non-empty string');
  });

  it('refuses to render with a missing variable rather than produce a wrong group name', () => {
    expect(() => renderName('ADP-{programme}-{project}', { programme: 'fcp' })).toThrow('needs {project}');
    expect(() => renderName('{projectAlias}', { projectAlias: null })).toThrow('needs {projectAlias}');
  });
});
