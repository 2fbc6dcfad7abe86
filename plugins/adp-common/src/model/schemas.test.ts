import {
  addProjectMemberSchema,
  createProgrammeSchema,
  createProjectSchema,
  listQuerySchema,
  updateProjectMemberSchema,
  updateProjectSchema,
  updateUserProfileSchema,
  userRefSchema,
} from './schemas';

const issues = (r: { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } }) =>
  r.error?.issues.map(i => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('createProgrammeSchema', () => {
  const valid = { albId: 'a1', title: 'Farming and Countryside', code: 'fcp', description: 'Grants' };

  it('accepts a programme and upper-cases its code', () => {
    const r = createProgrammeSchema.parse(valid);
    expect(r.code).toBe('FCP');
    expect(r.alias).toBeNull();
    expect(r.url).toBeNull();
  });

  it.each([
    ['fc', 'code: Programme code must be 3 or 4 letters'],
    ['fcpxx', 'code: Programme code must be 3 or 4 letters'],
    ['fc1', 'code: Programme code must be 3 or 4 letters'],
  ])('rejects code %s with a field path', (code, message) => {
    expect(issues(createProgrammeSchema.safeParse({ ...valid, code }))).toEqual([message]);
  });

  it('names every missing field', () => {
    const r = createProgrammeSchema.safeParse({});
    expect(issues(r).map(i => i.split(':')[0]).sort()).toEqual(['albId', 'code', 'description', 'title']);
  });

  it('rejects unknown fields rather than ignoring them', () => {
    expect(issues(createProgrammeSchema.safeParse({ ...valid, isAdmin: true }))).toEqual([
      ": Unrecognized key(s) in object: 'isAdmin'",
    ]);
  });

  it('rejects a non-http website and an alias that is not a slug', () => {
    // eslint-disable-next-line no-script-url -- a script URL is the input this test must reject; it is never run
    const r = createProgrammeSchema.safeParse({ ...valid, url: 'javascript:alert(1)', alias: 'Not A Slug' });
    expect(issues(r)).toEqual(
      expect.arrayContaining(['url: Website must be an http(s) URL', expect.stringMatching(/^alias: /)]),
    );
  });
});

describe('createProjectSchema', () => {
  const valid = { programmeId: 'p1', title: 'Annual Compliance Data', description: 'ACD' };

  it('defaults visibility and team type, normalises codes and emails', () => {
    const r = createProjectSchema.parse({ ...valid, serviceCode: 'ab12', serviceOwner: 'Jane.Doe@Example.gov.uk' });
    expect(r).toMatchObject({ githubTeamVisibility: 'public', teamType: 'delivery', serviceCode: 'AB12', serviceOwner: 'jane.doe@example.gov.uk' });
  });

  it('rejects a bad owner email and visibility with readable messages', () => {
    const r = createProjectSchema.safeParse({ ...valid, serviceOwner: 'nobody', githubTeamVisibility: 'internal' });
    expect(issues(r)).toEqual(
      expect.arrayContaining([
        'serviceOwner: Business service owner must be an email address',
        'githubTeamVisibility: GitHub team visibility must be public or private',
      ]),
    );
  });

  it('cannot move a project to another programme on update', () => {
    expect(updateProjectSchema.safeParse({ programmeId: 'other' }).success).toBe(false);
    expect(updateProjectSchema.parse({ title: 'New title' })).toEqual({ title: 'New title' });
  });

  it('rejects titles that are only whitespace or too long', () => {
    expect(issues(createProjectSchema.safeParse({ ...valid, title: '   ' }))).toEqual(['title: Title is required']);
    expect(issues(createProjectSchema.safeParse({ ...valid, title: 'x'.repeat(101) }))).toEqual([
      'title: Title must be at most 100 characters',
    ]);
  });
});

describe('members', () => {
  it('normalises user refs to user:namespace/name', () => {
    expect(userRefSchema.parse('Tess')).toBe('user:default/tess');
    expect(userRefSchema.parse('user:team-a/Bob')).toBe('user:team-a/bob');
  });

  it('refuses refs to other kinds', () => {
    expect(issues(userRefSchema.safeParse('group:default/admins'))).toEqual([
      ': Must be a catalog User, like user:default/jane.doe',
    ]);
  });

  it.each(['tess-technical', 'a', 'A1-b2', 'x'.repeat(39)])('accepts GitHub handle %s on a profile', handle => {
    expect(updateUserProfileSchema.safeParse({ githubHandle: handle }).success).toBe(true);
  });

  it.each(['-tess', 'tess-', 'te--ss', 'tess_t', 'x'.repeat(40), ''])('rejects GitHub handle %j on a profile', handle => {
    const r = updateUserProfileSchema.safeParse({ githubHandle: handle });
    expect(issues(r)[0]).toMatch(/^githubHandle: GitHub handle must be/);
  });

  it.each([
    ['adding', addProjectMemberSchema.safeParse({ userRef: 'tess', githubHandle: 'tess-technical' })],
    ['updating', updateProjectMemberSchema.safeParse({ technical: true, githubHandle: 'tess-technical' })],
    ['clearing', updateProjectMemberSchema.safeParse({ githubHandle: null })],
  ])('refuses a GitHub account when %s a team member: it is linked by its owner', (_, r) => {
    expect(issues(r)).toEqual([
      'githubHandle: A GitHub account is linked by its owner on their profile, not by a team admin; leave it out',
    ]);
  });

  it('defaults flags to a plain member', () => {
    expect(addProjectMemberSchema.parse({ userRef: 'nora' })).toEqual({ userRef: 'user:default/nora', technical: false, admin: false, endsAt: null });
  });

  it('refuses an empty update', () => {
    expect(issues(updateProjectMemberSchema.safeParse({}))).toEqual([': Nothing to change: give technical, admin or endsAt']);
  });

  it('takes an end date as a real calendar day, or null to clear it', () => {
    expect(addProjectMemberSchema.parse({ userRef: 'cara', endsAt: '2026-03-31' }).endsAt).toBe('2026-03-31');
    expect(updateProjectMemberSchema.parse({ endsAt: null })).toEqual({ endsAt: null });
    expect(issues(addProjectMemberSchema.safeParse({ userRef: 'cara', endsAt: '31/03/2026' }))).toEqual(['endsAt: End date must look like 2026-03-31']);
    expect(issues(updateProjectMemberSchema.safeParse({ endsAt: '2026-02-30' }))).toEqual(['endsAt: End date is not a real day']);
  });
});

describe('listQuerySchema', () => {
  it('coerces query-string values and applies defaults', () => {
    expect(listQuerySchema.parse({ offset: '50', limit: '10', mine: 'true' })).toEqual({
      offset: 50, limit: 10, mine: true, sort: 'title', order: 'asc',
    });
  });

  it('bounds the page size', () => {
    expect(issues(listQuerySchema.safeParse({ limit: '100000' }))).toEqual(['limit: limit must be at most 200']);
    expect(issues(listQuerySchema.safeParse({ offset: '-1' }))).toEqual(['offset: offset must be at least 0']);
  });

  it('accepts only known sort columns', () => {
    expect(listQuerySchema.safeParse({ sort: 'password; drop table' }).success).toBe(false);
  });
});
