import { Entity } from '@backstage/catalog-model';
import {
  adpEntityRef,
  adpRecordOf,
  albEntityRef,
  isAdpProjectEntity,
  programmeEntityRef,
  projectEntityRef,
} from './entityRefs';

const group = (type: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'x', annotations },
  spec: { type, children: [] },
});

describe('entityRefs', () => {
  it('puts each record kind in its own catalog namespace', () => {
    expect(adpEntityRef('alb', 'rpa')).toBe('group:alb/rpa');
    expect(adpEntityRef('programme', 'fcp')).toBe('group:programme/fcp');
    expect(adpEntityRef('project', 'fcp-acd')).toBe('group:default/fcp-acd');
    expect(albEntityRef('rpa')).toBe('group:alb/rpa');
    expect(programmeEntityRef('fcp')).toBe('group:programme/fcp');
    expect(projectEntityRef('fcp-acd')).toBe('group:default/fcp-acd');
  });

  it('reads the record id of programme and project Groups', () => {
    expect(
      adpRecordOf(group('delivery-programme', { 'adp.io/programme-id': 'p1' })),
    ).toEqual({
      kind: 'programme',
      id: 'p1',
    });
    expect(
      adpRecordOf(group('delivery-project', { 'adp.io/project-id': 'd1' })),
    ).toEqual({
      kind: 'project',
      id: 'd1',
    });
    expect(
      isAdpProjectEntity(
        group('delivery-project', { 'adp.io/project-id': 'd1' }),
      ),
    ).toBe(true);
  });

  it('ignores entities without the annotation or of another type', () => {
    expect(adpRecordOf(group('delivery-project', {}))).toBeUndefined();
    expect(
      adpRecordOf(group('team', { 'adp.io/project-id': 'd1' })),
    ).toBeUndefined();
  });
});
