import { changedFields } from './diff';

describe('changedFields', () => {
  it('lists changed fields only, without bookkeeping', () => {
    expect(
      changedFields({
        before: { title: 'Old', code: 'FCP', updatedAt: '1', alias: null },
        after: { title: 'New', code: 'FCP', updatedAt: '2', alias: 'fcp' },
      }),
    ).toEqual([
      { field: 'alias', before: '(none)', after: 'fcp' },
      { field: 'title', before: 'Old', after: 'New' },
    ]);
  });

  it('names people instead of showing their catalog refs', () => {
    const names: Record<string, string> = {
      'user:default/tess': 'Tess Technical',
    };
    expect(
      changedFields(
        {
          before: null,
          after: {
            userRef: 'user:default/tess',
            lineManagerRef: 'user:default/liz',
          },
        },
        ref => names[ref] ?? ref.split('/')[1],
      ),
    ).toEqual([
      { field: 'line manager', before: '(none)', after: 'liz' },
      { field: 'person', before: '(none)', after: 'Tess Technical' },
    ]);
  });

  it('shows every field of a created record as new', () => {
    expect(changedFields({ before: null, after: { technical: true } })).toEqual(
      [{ field: 'technical', before: '(none)', after: 'true' }],
    );
  });
});
