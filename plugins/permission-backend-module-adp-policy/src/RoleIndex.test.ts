import { RoleIndexChanges, RoleIndexSnapshot } from '@adp-portal/plugin-adp-common';
import { mockServices } from '@backstage/backend-test-utils';
import { RoleIndex, RoleIndexSource } from './RoleIndex';
import { IDS, ref, SNAPSHOT } from './__testUtils__/personas';

/** A role-index source over a mutable list of users, like the adp plugin's endpoints. */
class FakeSource implements RoleIndexSource {
  users = [...SNAPSHOT.users];
  revision = SNAPSHOT.revision;
  changedSince: (since: number) => string[] | null = () => [];
  failuresLeft = 0;
  calls: string[] = [];

  async fetchSnapshot(userRefs?: string[]): Promise<RoleIndexSnapshot> {
    this.calls.push(userRefs ? `snapshot:${userRefs.join(',')}` : 'snapshot');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('connect ECONNREFUSED');
    }
    const users = userRefs ? this.users.filter(u => userRefs.includes(u.userRef)) : this.users;
    return { revision: this.revision, users, serviceAccountSubjects: [] };
  }

  async fetchChanges(since: number): Promise<RoleIndexChanges> {
    this.calls.push(`changes:${since}`);
    return { revision: this.revision, userRefs: this.changedSince(since) };
  }
}

describe('RoleIndex', () => {
  let source: FakeSource;
  let now: number;
  let index: RoleIndex;

  beforeEach(() => {
    source = new FakeSource();
    now = 1_000_000;
    index = new RoleIndex(source, mockServices.logger.mock(), () => now);
  });

  it('loads everything on the first refresh and derives assignments', async () => {
    expect(index.loaded).toBe(false);
    await index.refresh();
    expect(index.loaded).toBe(true);
    expect(index.size).toBe(4);
    expect(index.assignmentsOf('user:default/DEE')).toEqual([
      { role: 'delivery-team-member', scope: { kind: 'project', projectId: IDS.acd, programmeId: IDS.fcp } },
      { role: 'delivery-team-admin', scope: { kind: 'project', projectId: IDS.acd, programmeId: IDS.fcp } },
    ]);
    expect(index.assignmentsOf(ref('paul'))).toBeUndefined();
  });

  it('then reloads only the users changed since its revision', async () => {
    await index.refresh();
    source.revision = 9;
    source.users = source.users
      .filter(u => u.userRef !== ref('nora'))
      .concat({ userRef: ref('paul'), platformRoles: ['ccoe-engineer'], programmeAdminOf: [], projectMemberships: [] });
    source.changedSince = since => (since === 7 ? [ref('nora'), ref('paul')] : []);
    await index.refresh();
    expect(source.calls).toEqual(['snapshot', 'changes:7', `snapshot:${ref('nora')},${ref('paul')}`]);
    expect(index.assignmentsOf(ref('nora'))).toBeUndefined();
    expect(index.assignmentsOf(ref('paul'))).toEqual([{ role: 'ccoe-engineer', scope: { kind: 'organisation' } }]);
    await index.refresh();
    expect(source.calls.at(-1)).toBe('changes:9');
  });

  it('reloads everything when the change log cannot tell', async () => {
    await index.refresh();
    source.users = [];
    source.changedSince = () => null;
    await index.refresh();
    expect(source.calls.slice(1)).toEqual(['changes:7', 'snapshot']);
    expect(index.size).toBe(0);
  });

  it('patches users named by a change event', async () => {
    await index.refresh();
    source.users = source.users.map(u =>
      u.userRef === ref('tess') ? { ...u, projectMemberships: [{ projectId: IDS.sfi, programmeId: IDS.fcp, technical: true, admin: true }] } : u,
    );
    await index.reloadUsers([ref('tess')]);
    expect(index.assignmentsOf(ref('tess'))?.map(a => [a.role, a.scope.kind === 'project' && a.scope.projectId])).toEqual([
      ['delivery-team-member', IDS.sfi],
      ['technical-team-member', IDS.sfi],
      ['delivery-team-admin', IDS.sfi],
    ]);
  });

  it("does not skip another instance's change when an event reloads other users", async () => {
    // Another instance changed paul at revision 8 (no event reaches this one); this instance's
    // own write for tess at revision 9 arrives as an event before the next poll.
    await index.refresh();
    source.revision = 9;
    source.users = source.users.concat({ userRef: ref('paul'), platformRoles: ['ccoe-engineer'], programmeAdminOf: [], projectMemberships: [] });
    source.changedSince = since => [...(since < 8 ? [ref('paul')] : []), ...(since < 9 ? [ref('tess')] : [])];
    await index.reloadUsers([ref('tess')]);
    expect(index.assignmentsOf(ref('paul'))).toBeUndefined();
    await index.refresh();
    expect(source.calls.slice(2)).toEqual(['changes:7', `snapshot:${ref('paul')},${ref('tess')}`]);
    expect(index.assignmentsOf(ref('paul'))).toEqual([{ role: 'ccoe-engineer', scope: { kind: 'organisation' } }]);
  });

  it('does not skip a change made while it reloads the changed users', async () => {
    // The poll lists nora (revision 8); before her snapshot is read, paul changes (revision 9).
    await index.refresh();
    source.revision = 8;
    source.changedSince = since => {
      if (since < 8) return [ref('nora')];
      return since < 9 ? [ref('paul')] : [];
    };
    const fetchSnapshot = source.fetchSnapshot.bind(source);
    source.fetchSnapshot = async refs => {
      source.revision = 9;
      source.users = source.users.concat({ userRef: ref('paul'), platformRoles: ['ccoe-engineer'], programmeAdminOf: [], projectMemberships: [] });
      source.fetchSnapshot = fetchSnapshot;
      return fetchSnapshot(refs);
    };
    await index.refresh();
    await index.refresh();
    expect(source.calls.slice(1)).toEqual(['changes:7', `snapshot:${ref('nora')}`, 'changes:8', `snapshot:${ref('paul')}`]);
    expect(index.assignmentsOf(ref('paul'))).toEqual([{ role: 'ccoe-engineer', scope: { kind: 'organisation' } }]);
  });

  it('ignores change events until it has loaded', async () => {
    await index.reloadUsers([ref('tess')]);
    expect(source.calls).toEqual([]);
    expect(index.loaded).toBe(false);
  });

  it('retries with exponential backoff while the adp plugin is down', async () => {
    source.failuresLeft = 3;
    await index.refresh(); // fails: next attempt in 1 s
    await index.refresh(); // skipped
    now += 1_000;
    await index.refresh(); // fails: next in 2 s
    now += 1_999;
    await index.refresh(); // skipped
    now += 1;
    await index.refresh(); // fails: next in 4 s
    now += 4_000;
    await index.refresh(); // succeeds
    expect(source.calls).toEqual(['snapshot', 'snapshot', 'snapshot', 'snapshot']);
    expect(index.loaded).toBe(true);
  });
});
