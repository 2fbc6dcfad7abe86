import { projectNamespace, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Rural Payments Agency', 'rural-payments-agency'],
    ['Farming & Countryside', 'farming-and-countryside'],
    ['  Café  Déjà-vu!! ', 'cafe-deja-vu'],
    ['---', ''],
  ])('%j → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('never ends with a hyphen after truncation', () => {
    expect(slugify(`${'a'.repeat(62)} b`, 63)).toBe('a'.repeat(62));
  });

  it('builds a project namespace from the programme code and title', () => {
    expect(projectNamespace('FCP', 'ACD')).toBe('fcp-acd');
    expect(projectNamespace('FCP', 'Annual Compliance Data')).toBe('fcp-annual-compliance-data');
  });
});
