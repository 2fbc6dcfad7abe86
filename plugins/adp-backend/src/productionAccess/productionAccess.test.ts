import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockServices } from '@backstage/backend-test-utils';
import { migrateDatabase } from '../database/migrate';
import { MIGRATIONS_DIR } from '../provisioning/__testUtils__/fixture';
import { DeliveryWriter } from '../service/DeliveryWriter';
import { ADA, createHarness, databases, PAT, seedTree, TESS, user } from '../__testUtils__/harness';
import { REVOCATION_ACTOR, revokeAbsentHolders } from './revokeAbsentHolders';
import { scheduleRevocation } from './scheduleRevocation';
import { approve, confirmationsFor, DAN, days, DEE, fullChecklist, LIZ, NORA, OLLIE, productionScenario, T0, TOM } from './__testUtils__/setup';

jest.setTimeout(120_000);
const dbs = databases();

describe.each(dbs.eachSupportedId())('production access on %p', databaseId => {
  it('a Technical Team Member requests Production Deploy and the tech lead approves after confirming the checks', async () => {
    const { h, s, project } = await productionScenario(databaseId, dbs);
    await expect(
      s.productionAccess.request(user(NORA), { projectId: project.id, level: 'production-deploy', justification: 'curious' }),
    ).rejects.toMatchObject({ name: 'NotAllowedError', message: 'Only Technical Team Members of this project can request production access to it' });
    await expect(
      s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: ' ' }),
    ).rejects.toMatchObject({ name: 'InputError', details: [{ path: 'justification', message: 'Justification is required' }] });

    const request = await s.productionAccess.request(user(TESS), {
      projectId: project.id, level: 'production-deploy', justification: 'On call for the spring release',
    });
    expect(request).toMatchObject({ status: 'pending', userRef: TESS, level: 'production-deploy', createdAt: T0.toISOString(), project: { title: 'Annual Compliance Data' } });
    await expect(
      s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'again' }),
    ).rejects.toMatchObject({ name: 'ConflictError', message: 'You already have a pending request for Production Deploy on Annual Compliance Data' });

    // The sponsor sees what the GOV.UK production access rules say they should ensure, and must confirm every item.
    await expect(
      s.productionSponsorship.decide(user(DEE), request.id, { decision: 'approve', confirmations: confirmationsFor('production-deploy').slice(1) }),
    ).rejects.toMatchObject({ name: 'InputError', details: [{ path: 'confirmations', message: 'Confirm that the engineer has the required level of security clearance (at least BPSS)' }] });
    expect((await s.productionAccess.get(user(TESS), request.id)).status).toBe('pending');

    const granted = await s.productionSponsorship.decide(user(DEE), request.id, { ...approve('production-deploy'), note: 'Paired on two releases' });
    expect(granted).toMatchObject({
      status: 'active', decidedBy: DEE, grantedAt: T0.toISOString(), decisionNote: 'Paired on two releases',
      sponsorConfirmations: ['security-clearance', 'code-review', 'releasing-code', 'roll-back', 'get-help'],
    });
    await expect(
      s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'again' }),
    ).rejects.toMatchObject({ name: 'ConflictError', message: 'You already hold Production Deploy on Annual Compliance Data' });
    expect((await s.productionAccess.listForProject(user(NORA), project.id)).map(g => [g.userRef, g.level])).toEqual([[TESS, 'production-deploy']]);

    // Every step is in the record's history, and provisioning is told.
    const history = await s.productionAccess.history(user(NORA), request.id, {});
    expect(history.items.map(e => [e.action, e.actorRef, (e.after as any).status])).toEqual([['updated', DEE, 'active'], ['created', TESS, 'pending']]);
    expect(history.items[0].at).toBe(T0.toISOString());
    const outbox = await h.knex('provisioning_outbox').where({ record_kind: 'production-access', record_id: request.id }).orderBy('id');
    expect(outbox.map(o => [o.reason, o.project_id])).toEqual([['production-access-requested', project.id], ['production-access-granted', project.id]]);
    expect(h.published.at(-1)).toMatchObject({ eventPayload: { changes: [{ kind: 'production-access', id: request.id, projectId: project.id }] } });
  });

  it('refuses self-sponsoring on the server, even when the policy allows everything', async () => {
    const h = await createHarness(databaseId, dbs, { ownership: { [ADA]: ['group:default/adp-platform-engineers'] } });
    const { project } = await seedTree(h);
    // An ADP Admin who is also a technical member asks, and tries to approve their own request.
    await h.services.teams.addMember(user(ADA), project.id, { userRef: ADA, technical: true, admin: true });
    const request = await h.services.productionAccess.request(user(ADA), { projectId: project.id, level: 'production-deploy', justification: 'Me' });
    await expect(h.services.productionSponsorship.decide(user(ADA), request.id, approve('production-deploy'))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Nobody sponsors their own production access: ask your tech lead or an ADP Admin',
    });
    expect(h.permissions.asked).toContainEqual({ permission: 'adp.productionAccess.sponsor', resourceRef: project.id });
    expect((await h.services.productionAccess.get(user(ADA), request.id)).status).toBe('pending');
    // PAT holds the permission (this policy allows everything) but is on no team: no tech lead.
    await expect(h.services.productionSponsorship.decide(user(PAT), request.id, approve('production-deploy'))).rejects.toMatchObject({
      name: 'NotAllowedError', message: expect.stringContaining("Only the project's tech lead"),
    });
    // On the team as technical admin, but with no profile saying so, not as a civil servant.
    await h.services.teams.addMember(user(ADA), project.id, { userRef: PAT, technical: true, admin: true });
    await expect(h.services.productionSponsorship.decide(user(PAT), request.id, approve('production-deploy'))).rejects.toMatchObject({
      name: 'NotAllowedError', message: expect.stringContaining('as a civil servant'),
    });
    await h.services.profiles.update(user(ADA), PAT, { employment: 'civil-servant' });
    const granted = await h.services.productionSponsorship.decide(user(PAT), request.id, approve('production-deploy'));
    expect(granted.decidedBy).toBe(PAT);
    await expect(h.services.productionSponsorship.recertify(user(ADA), request.id, {})).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('lets the project’s tech lead and ADP Admins sponsor; not a delivery manager, a programme admin off the team, another project’s tech lead nor a contractor tech lead', async () => {
    const { s, project } = await productionScenario(databaseId, dbs);
    const ask = () => s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'Release' });
    const first = await ask();
    const notTechLead = { name: 'NotAllowedError', message: "Only the project's tech lead (a technical member who is also a team admin of the project) or an ADP Admin sponsors production access" };
    // Another project's tech lead is refused by the policy already (no sponsor permission here).
    await expect(s.productionSponsorship.decide(user(OLLIE), first.id, approve('production-deploy'))).rejects.toMatchObject(notTechLead);
    await expect(s.productionSponsorship.decide(user(TOM), first.id, approve('production-deploy'))).rejects.toMatchObject({ name: 'NotAllowedError' });
    // The programme admin holds the permission through role inclusion, and is a civil servant, but leads no team.
    await expect(s.productionSponsorship.decide(user(PAT), first.id, approve('production-deploy'))).rejects.toMatchObject(notTechLead);
    // A delivery manager (team admin, not technical) civil servant is not the tech lead either.
    await s.teams.addMember(user(ADA), project.id, { userRef: DAN, admin: true });
    await s.profiles.update(user(ADA), DAN, { employment: 'civil-servant' });
    await expect(s.productionSponsorship.decide(user(DAN), first.id, approve('production-deploy'))).rejects.toMatchObject(notTechLead);
    expect((await s.productionSponsorship.queue(user(DAN))).sponsor).toEqual([]);
    expect((await s.productionSponsorship.queue(user(PAT))).sponsor).toEqual([]);
    expect((await s.productionSponsorship.queue(user(DEE))).sponsor.map(r => r.id)).toEqual([first.id]);
    expect((await s.productionSponsorship.decide(user(DEE), first.id, { decision: 'refuse', note: 'Not this sprint' }))).toMatchObject({ status: 'refused', decidedBy: DEE, decisionNote: 'Not this sprint' });
    // A refused request frees the slot: asking again is allowed.
    const second = await ask();
    await s.profiles.update(user(ADA), DEE, { employment: 'contractor' });
    await expect(s.productionSponsorship.decide(user(DEE), second.id, approve('production-deploy'))).rejects.toMatchObject({
      name: 'NotAllowedError', message: expect.stringContaining('A tech lead sponsors production access as a civil servant'),
    });
    // ADP Admins are the GOV.UK production access rules' Senior Technologists, whatever their profile says.
    expect((await s.productionSponsorship.decide(user(ADA), second.id, approve('production-deploy'))).status).toBe('active');
    await expect(s.productionSponsorship.decide(user(ADA), second.id, { decision: 'refuse', note: 'late' })).rejects.toMatchObject({
      name: 'ConflictError', message: 'This request was already approved',
    });
  });

  it('requires Production Deploy first and a complete learning checklist, confirmed by the sponsor, for Production Admin', async () => {
    const { h, s, project, grant, setNow } = await productionScenario(databaseId, dbs);
    const askAdmin = (checklist?: typeof fullChecklist) =>
      s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-admin', justification: 'Second line', checklist });
    await expect(askAdmin()).rejects.toMatchObject({
      name: 'ConflictError', message: 'Production Admin requires Production Deploy on Annual Compliance Data first',
    });
    await expect(
      s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'x', checklist: fullChecklist }),
    ).rejects.toMatchObject({ name: 'InputError', details: [{ path: 'checklist' }] });
    const deploy = await grant(TESS, 'production-deploy');

    await expect(askAdmin([{ objective: 'technical-stack', completedOn: '2026-03-03', note: 'tomorrow' }])).rejects.toMatchObject({
      name: 'InputError', details: [{ path: 'checklist.0.completedOn', message: 'Date cannot be in the future' }],
    });
    await expect(askAdmin([{ objective: 'technical-stack', completedOn: '2026-02-01' }])).rejects.toMatchObject({
      name: 'InputError', details: [{ path: 'checklist.0.note', message: 'Give a note or a link to evidence' }],
    });
    const request = await askAdmin(fullChecklist.slice(0, 2));
    await expect(s.productionSponsorship.decide(user(DEE), request.id, approve('production-admin'))).rejects.toMatchObject({
      name: 'ConflictError', message: expect.stringMatching(/^The learning checklist is not complete: The incident management process; Least privilege/),
    });
    await expect(s.productionAccess.updateChecklist(user(DEE), request.id, { checklist: fullChecklist })).rejects.toMatchObject({ name: 'NotAllowedError' });
    setNow(new Date(T0.getTime() + days(1)));
    const completed = await s.productionAccess.updateChecklist(user(TESS), request.id, { checklist: fullChecklist });
    expect(completed.checklist.map(i => [i.objective, i.confirmedAt])).toEqual([
      ['technical-stack', null], ['deployment-pipeline', null], ['incident-process', null], ['least-privilege', null],
    ]);
    await expect(
      s.productionSponsorship.decide(user(DEE), request.id, { decision: 'approve', confirmations: confirmationsFor('production-admin'), checklistConfirmations: ['technical-stack'] }),
    ).rejects.toMatchObject({ name: 'InputError', details: [{ path: 'checklistConfirmations' }] });
    const admin = await s.productionSponsorship.decide(user(DEE), request.id, approve('production-admin'));
    expect(admin.status).toBe('active');
    expect(admin.checklist.every(i => i.confirmedBy === DEE && i.confirmedAt === new Date(T0.getTime() + days(1)).toISOString())).toBe(true);

    // Production Admin needs Production Deploy: revoking Deploy takes Admin with it, in one write.
    const revisionBefore = Number((await h.knex('revision').first()).revision);
    const revoked = await s.productionSponsorship.revoke(user(PAT), deploy.id, { reason: 'Moved to another team' });
    expect(revoked).toMatchObject({ status: 'revoked', endReason: 'revoked-by-sponsor', endNote: 'Moved to another team', endedBy: PAT });
    expect(await s.productionAccess.get(user(TESS), admin.id)).toMatchObject({ status: 'revoked', endReason: 'deploy-revoked', endedBy: PAT });
    expect(Number((await h.knex('revision').first()).revision)).toBe(revisionBefore + 1);
    expect(await s.productionAccess.listForProject(user(TESS), project.id)).toEqual([]);
    await expect(s.productionSponsorship.revoke(user(PAT), deploy.id, { reason: 'again' })).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it("limits apprentices to Production Deploy unless their line manager's approval is recorded", async () => {
    const { s, project, grant } = await productionScenario(databaseId, dbs);
    // Nobody records their own personnel facts: an apprentice cannot simply stop being one.
    await expect(s.profiles.update(user(TOM), TOM, { apprentice: false })).rejects.toMatchObject({
      name: 'NotAllowedError', message: 'Only ADP Admins can record employment, apprenticeship and line managers',
    });
    await expect(s.profiles.update(user(ADA), TOM, { lineManagerRef: TOM })).rejects.toMatchObject({ name: 'InputError', details: [{ path: 'lineManagerRef' }] });
    await grant(TOM, 'production-deploy');
    const request = await s.productionAccess.request(user(TOM), {
      projectId: project.id, level: 'production-admin', justification: 'Secondary on second line', checklist: fullChecklist,
    });
    expect(request).toMatchObject({ apprentice: true, lineManagerRef: LIZ, lineManagerApprovedAt: null });
    // Even an ADP Admin cannot approve without it (the server refuses, whatever the policy says).
    await expect(s.productionSponsorship.decide(user(ADA), request.id, approve('production-admin'))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `${TOM} is an apprentice: apprentices are limited to Production Deploy, and Production Admin needs their line manager's recorded approval first`,
    });
    expect((await s.productionSponsorship.queue(user(LIZ))).lineManager.map(r => r.id)).toEqual([request.id]);
    expect((await s.productionSponsorship.queue(user(DEE))).lineManager).toEqual([]);
    await expect(s.productionSponsorship.approveAsLineManager(user(DEE), request.id, {})).rejects.toMatchObject({
      name: 'NotAllowedError', message: `Only ${TOM}'s line manager can approve this request`,
    });
    const approved = await s.productionSponsorship.approveAsLineManager(user(LIZ), request.id, { note: 'Confident, ready for a Secondary shift' });
    expect(approved).toMatchObject({ lineManagerRef: LIZ, lineManagerApprovedAt: T0.toISOString(), lineManagerNote: 'Confident, ready for a Secondary shift' });
    await expect(s.productionSponsorship.approveAsLineManager(user(LIZ), request.id, {})).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await s.productionSponsorship.queue(user(LIZ))).lineManager).toEqual([]);
    expect((await s.productionSponsorship.decide(user(DEE), request.id, approve('production-admin'))).status).toBe('active');

    // An apprentice whose profile names no line manager cannot even ask.
    await s.profiles.update(user(ADA), TESS, { apprentice: true });
    await grant(TESS, 'production-deploy');
    await expect(
      s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-admin', justification: 'x', checklist: fullChecklist }),
    ).rejects.toMatchObject({ name: 'ConflictError', message: expect.stringContaining('Apprentices are limited to Production Deploy') });
  });

  it('revokes access after more than six weeks without activity, measured on a controllable clock', async () => {
    const { h, s, project, other, grant, setNow } = await productionScenario(databaseId, dbs);
    // What the scheduled task runs, with the time handed in.
    const writerDeps = { db: h.db, writer: new DeliveryWriter(h.db, undefined, mockServices.logger.mock()) };
    const at = (d: number) => new Date(T0.getTime() + days(d));

    const tess = await grant(TESS, 'production-deploy');
    setNow(at(3));
    const tom = await grant(TOM, 'production-deploy');
    const tessOther = await grant(TESS, 'production-deploy', OLLIE, other.id);
    // Tess uses the portal on day 10 (any authenticated API call); Tom never does.
    setNow(at(10));
    expect(await s.activity.record(TESS)).toBe(true);
    expect(await s.activity.record(TESS)).toBe(false); // at most one write per user per interval
    expect((await h.knex('user_profiles').where({ user_ref: TESS }).first()).last_active_at).toBe(at(10).toISOString());

    expect(await revokeAbsentHolders(writerDeps, at(45))).toEqual([]); // Tom: 42 days after day 3 is day 45
    const ended = await revokeAbsentHolders(writerDeps, new Date(at(45).getTime() + 1));
    expect(ended.map(e => [e.id, e.endReason, e.endedBy, e.endedAt])).toEqual([[tom.id, 'inactivity', REVOCATION_ACTOR, new Date(at(45).getTime() + 1).toISOString()]]);
    expect((await s.productionAccess.get(user(TESS), tess.id)).status).toBe('active');

    // Activity within the interval is not written again; after it, it is.
    setNow(new Date(at(10).getTime() + 4 * 60_000));
    expect(await s.activity.record(TESS)).toBe(false);
    setNow(at(20));
    expect(await s.activity.record(TESS)).toBe(true);
    expect(await revokeAbsentHolders(writerDeps, at(61))).toEqual([]);
    const both = await revokeAbsentHolders(writerDeps, at(63));
    expect(both.map(e => e.id).sort()).toEqual([tess.id, tessOther.id].sort());
    const history = await s.productionAccess.history(user(TESS), tess.id, {});
    expect(history.items[0]).toMatchObject({ actorRef: REVOCATION_ACTOR, at: at(63).toISOString(), after: { status: 'revoked', endReason: 'inactivity' } });
    expect(await h.knex('provisioning_outbox').where({ record_id: tess.id, reason: 'production-access-revoked' })).toHaveLength(1);

    // Returning users request again.
    setNow(at(64));
    const again = await s.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'Back from leave' });
    expect(again).toMatchObject({ status: 'pending' });
    expect(again.id).not.toBe(tess.id);
  });

  it('schedules the absence rule as an hourly global task that revokes with the real time and audits each revocation', async () => {
    const { h, grant, setNow } = await productionScenario(databaseId, dbs);
    setNow(new Date('2020-01-06T09:00:00.000Z')); // long before the real now
    const old = await grant(TESS, 'production-deploy');
    const tasks: any[] = [];
    const events: any[] = [];
    await scheduleRevocation(
      { scheduleTask: async (t: any) => void tasks.push(t) } as any,
      { db: h.db, writer: new DeliveryWriter(h.db, undefined, mockServices.logger.mock()) },
      mockServices.logger.mock(),
      { createEvent: async (e: any) => ({ success: async () => void events.push(e), fail: async () => {} }) } as any,
    );
    expect(tasks).toMatchObject([{ id: 'adp-production-access-revocation', scope: 'global', frequency: { minutes: 60 } }]);
    await tasks[0].fn();
    expect(await h.services.productionAccess.get(user(TESS), old.id)).toMatchObject({ status: 'revoked', endReason: 'inactivity' });
    expect(events).toEqual([expect.objectContaining({ eventId: 'production-access-revoke-absent', meta: expect.objectContaining({ id: old.id, reason: 'inactivity' }) })]);
  });

  it('ends production access in the same transaction when a member leaves the team or stops being technical', async () => {
    const { h, s, project, grant } = await productionScenario(databaseId, dbs);
    await grant(TESS, 'production-deploy');
    const admin = await grant(TESS, 'production-admin');
    const pending = await s.productionAccess.request(user(TOM), { projectId: project.id, level: 'production-deploy', justification: 'x' });
    const members = await s.teams.listMembers(user(DEE), project.id);
    const memberId = (ref: string) => members.find(m => m.userRef === ref)!.id;

    const revision = Number((await h.knex('revision').first()).revision);
    await s.teams.updateMember(user(DEE), project.id, memberId(TESS), { technical: false });
    expect(Number((await h.knex('revision').first()).revision)).toBe(revision + 1);
    const tess = await h.knex('production_access_requests').where({ user_ref: TESS, project_id: project.id }).orderBy('level');
    expect(tess.map(r => [r.level, r.status, r.end_reason, r.open_key])).toEqual([
      ['production-admin', 'revoked', 'no-longer-technical', null],
      ['production-deploy', 'revoked', 'no-longer-technical', null],
    ]);
    const stepsInRevision = await h.knex('history').where({ at: (await h.knex('history').where({ record_id: admin.id }).orderBy('id', 'desc').first()).at });
    expect(stepsInRevision.map(r => r.record_kind).sort()).toEqual(['production-access', 'production-access', 'project-member']);

    await s.teams.removeMember(user(DEE), project.id, memberId(TOM));
    expect(await s.productionAccess.get(user(DEE), pending.id)).toMatchObject({ status: 'withdrawn', endReason: 'left-team' });
    // Making someone technical again gives nothing back: they request again.
    await s.teams.updateMember(user(DEE), project.id, memberId(TESS), { technical: true });
    expect(await s.productionAccess.listForProject(user(DEE), project.id)).toEqual([]);
  });

  it('shows sponsors their queue and access reviews, with last activity, and lets them recertify', async () => {
    const { s, project, other, grant, setNow } = await productionScenario(databaseId, dbs);
    await grant(TESS, 'production-deploy');
    await grant(TESS, 'production-deploy', OLLIE, other.id);
    const pending = await s.productionAccess.request(user(TOM), { projectId: project.id, level: 'production-deploy', justification: 'x' });
    await s.activity.record(TESS);

    expect((await s.productionSponsorship.queue(user(DEE))).sponsor.map(r => r.id)).toEqual([pending.id]);
    expect((await s.productionSponsorship.queue(user(OLLIE))).sponsor).toEqual([]);
    expect((await s.productionSponsorship.queue(user(TOM))).sponsor).toEqual([]); // never one's own, nor without the role
    expect((await s.productionSponsorship.queue(user(ADA))).sponsor.map(r => r.id)).toEqual([pending.id]);

    const deeReviews = await s.productionSponsorship.reviews(user(DEE));
    expect(deeReviews.map(r => [r.userRef, r.project?.title, r.lastActiveAt])).toEqual([[TESS, 'Annual Compliance Data', T0.toISOString()]]);
    expect(deeReviews[0]).toMatchObject({
      revokeForAbsenceAt: new Date(T0.getTime() + days(42)).toISOString(),
      recertifyBy: new Date(T0.getTime() + days(90)).toISOString(),
      recertificationDue: false,
    });
    expect((await s.productionSponsorship.reviews(user(ADA))).map(r => r.project?.title).sort()).toEqual(['Annual Compliance Data', 'Other Service']);
    expect(await s.productionSponsorship.reviews(user(TESS))).toEqual([]);

    setNow(new Date(T0.getTime() + days(91)));
    const [due] = await s.productionSponsorship.reviews(user(DEE));
    expect(due.recertificationDue).toBe(true);
    const recertified = await s.productionSponsorship.recertify(user(DEE), due.id, { note: 'Still on second line' });
    expect(recertified).toMatchObject({ lastRecertifiedBy: DEE, lastRecertifiedAt: new Date(T0.getTime() + days(91)).toISOString() });
    expect((await s.productionSponsorship.reviews(user(DEE)))[0].recertificationDue).toBe(false);
    await expect(s.productionSponsorship.revoke(user(OLLIE), due.id, { reason: 'not mine' })).rejects.toMatchObject({
      name: 'NotAllowedError', message: "Only a team admin of the project or an ADP Admin can revoke production access",
    });
    const mine = await s.productionAccess.mine(user(TESS));
    expect(mine.eligibleProjects.map(p => p.title)).toEqual(['Annual Compliance Data', 'Other Service']);
    expect(mine.requests.map(r => r.status)).toEqual(['active', 'active']);
    expect(mine.profile).toEqual({ apprentice: false, lineManagerRef: null, employment: 'contractor' });
  });

  it('authorizes on the stored project and answers clashes of parallel writes with one winner', async () => {
    const h = await createHarness(databaseId, dbs);
    const { project } = await seedTree(h);
    await h.services.teams.addMember(user(ADA), project.id, { userRef: TESS, technical: true });
    // PAT sponsors below as the project's tech lead, a civil servant.
    await h.services.teams.addMember(user(ADA), project.id, { userRef: PAT, technical: true, admin: true });
    await h.services.profiles.update(user(ADA), PAT, { employment: 'civil-servant' });
    await expect(h.services.productionAccess.request(user(TESS), { projectId: 'no-such-project', level: 'production-deploy', justification: 'x' })).rejects.toMatchObject({
      name: 'InputError', details: [{ path: 'projectId' }],
    });
    expect(h.permissions.asked.filter(a => a.permission.startsWith('adp.productionAccess'))).toEqual([]);

    h.permissions.setDecide(p => ({ result: p === 'adp.productionAccess.request' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
    await expect(h.services.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'x' })).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(h.permissions.asked).toContainEqual({ permission: 'adp.productionAccess.request', resourceRef: project.id });
    h.permissions.setDecide(() => ({ result: AuthorizeResult.ALLOW }));

    const results = await Promise.allSettled([1, 2].map(() =>
      h.services.productionAccess.request(user(TESS), { projectId: project.id, level: 'production-deploy', justification: 'x' })));
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find(r => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      name: 'ConflictError', message: 'You already have a pending request for Production Deploy on Annual Compliance Data',
    });
    const request = (results.find(r => r.status === 'fulfilled') as PromiseFulfilledResult<any>).value;
    const decisions = await Promise.allSettled([
      h.services.productionSponsorship.decide(user(PAT), request.id, approve('production-deploy')),
      h.services.productionSponsorship.decide(user(PAT), request.id, { decision: 'refuse', note: 'no' }),
    ]);
    expect(decisions.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    expect(await h.knex('history').where({ record_id: request.id })).toHaveLength(2);
  });

  it('migrates down and up again', async () => {
    const h = await createHarness(databaseId, dbs);
    expect(await h.knex.schema.hasTable('production_access_requests')).toBe(true);
    // This migration's own down, whatever came after it.
    await h.knex.migrate.down({ directory: MIGRATIONS_DIR, name: '20261201000000_production_access.js' });
    expect(await h.knex.schema.hasTable('production_access_requests')).toBe(false);
    expect(await h.knex.schema.hasTable('user_profiles')).toBe(true);
    await migrateDatabase(h.knex);
    expect(await h.knex.schema.hasTable('production_access_requests')).toBe(true);
  });
});
