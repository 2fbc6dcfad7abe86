import { Entity } from '@backstage/catalog-model';
import { adpRecordOf, entityRefFor, isAdpProjectEntity } from './entityRefs';

const group = (type: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'x', annotations },
  spec: { type, children: [] },
});

describe('entityRefs', () => {
  it('maps every record kind to a Group named after the record', () => {
    expect(entityRefFor('alb', { name: 'rpa' })).toBe('group:default/rpa');
    expect(entityRefFor('programme', { name: 'fcp' })).toBe('group:default/fcp');
    expect(entityRefFor('project', { name: 'fcp-acd' })).toBe('group:default/fcp-acd');
  });

  it('reads the record id of programme and project Groups', () => {
    expect(adpRecordOf(group('delivery-programme', { 'adp.io/programme-id': 'p1' }))).toEqual({ kind: 'programme', id: 'p1' });
    expect(adpRecordOf(group('delivery-project', { 'adp.io/project-id': 'd1' }))).toEqual({ kind: 'project', id: 'd1' });
    expect(isAdpProjectEntity(group('delivery-project', { 'adp.io/project-id': 'd1' }))).toBe(true);
  });

  it('ignores entities without the annotation or of another type', () => {
    expect(adpRecordOf(group('delivery-project', {}))).toBeUndefined();
    expect(adpRecordOf(group('team', { 'adp.io/project-id': 'd1' }))).toBeUndefined();
  });
});
