import { mockServices } from '@backstage/backend-test-utils';
import { FakeGraph, fakeTokenCredential } from '../provisioning/fakes';
import { createGraphClient } from '../provisioning/systems/entra/graphClient';
import { DeliveryWriter } from '../service/DeliveryWriter';
import { databases, TESS, user } from '../__testUtils__/harness';
import { EntraSignIns } from './EntraSignIns';
import { revokeAbsentHolders } from './revokeAbsentHolders';
import { days, productionScenario, T0, TOM } from './__testUtils__/setup';

jest.setTimeout(120_000);
const dbs = databases();
const at = (d: number) => new Date(T0.getTime() + days(d));
const TOM_MAIL = 'tom@defra.gov.uk';
const TESS_MAIL = 'tess@defra.gov.uk';

describe.each(dbs.eachSupportedId())('absence measured from Entra ID sign-ins and portal activity on %p', databaseId => {
  let graph: FakeGraph;
  beforeEach(async () => {
    graph = new FakeGraph();
    await graph.start();
  });
  afterEach(() => graph.stop());

  async function scenario() {
    const sc = await productionScenario(databaseId, dbs);
    // Work emails, as the catalog gives them: how the reader finds people in Entra ID.
    await sc.h.knex('user_profiles').where({ user_ref: TOM }).update({ email: TOM_MAIL });
    await sc.h.knex('user_profiles').where({ user_ref: TESS }).update({ email: TESS_MAIL });
    const logger = mockServices.logger.mock();
    const deps = {
      db: sc.h.db,
      writer: new DeliveryWriter(sc.h.db, undefined, mockServices.logger.mock()),
      // The real Graph client against the fake, as the plugin builds it.
      workActivity: new EntraSignIns(createGraphClient({ tenantId: 't', clientId: 'c', clientSecret: 's', graphBaseUrl: graph.url }, fakeTokenCredential)),
      logger,
    };
    const lastActive = async (ref: string) => (await sc.h.knex('user_profiles').where({ user_ref: ref }).first()).last_active_at;
    return { ...sc, deps, logger, lastActive };
  }

  it('keeps the access of someone who works in Entra ID every day without opening the portal', async () => {
    const { s, deps, grant, lastActive } = await scenario();
    graph.addUser(TOM_MAIL);
    const tom = await grant(TOM, 'production-deploy');
    // Tess is not in Entra ID at all: portal activity alone decides for her, and she has none.
    const tess = await grant(TESS, 'production-deploy');
    // Tom never opens the portal; he signs in to Azure on day 40 (a token refresh counts: non-interactive).
    graph.setSignInActivity(TOM_MAIL, { lastSuccessfulSignInDateTime: at(40).toISOString(), lastNonInteractiveSignInDateTime: at(40).toISOString() });

    expect((await revokeAbsentHolders(deps, at(43))).map(e => e.id)).toEqual([tess.id]);
    expect(await lastActive(TOM)).toBe(at(40).toISOString());
    expect(graph.calls.some(c => c.endpoint === 'GET /v1.0/users/:id')).toBe(true);
    // Six weeks after that sign-in, and not a moment before, he is absent.
    expect(await revokeAbsentHolders(deps, at(82))).toEqual([]);
    const ended = await revokeAbsentHolders(deps, new Date(at(82).getTime() + 1));
    expect(ended.map(e => [e.id, e.endReason])).toEqual([[tom.id, 'inactivity']]);
    expect((await s.productionAccess.get(user(TOM), tom.id)).status).toBe('revoked');
  });

  it('does not count failed sign-in attempts, and never moves recorded portal activity back', async () => {
    const { s, deps, grant, setNow, lastActive } = await scenario();
    graph.addUser(TOM_MAIL);
    graph.addUser(TESS_MAIL);
    const tom = await grant(TOM, 'production-deploy');
    const tess = await grant(TESS, 'production-deploy');
    // Someone tries Tom's account on day 44; every attempt fails.
    graph.setSignInActivity(TOM_MAIL, { lastSignInDateTime: at(44).toISOString(), lastNonInteractiveSignInDateTime: at(44).toISOString() });
    // Tess used the portal on day 30 and last signed in to Entra ID on day 5.
    setNow(at(30));
    expect(await s.activity.record(TESS)).toBe(true);
    graph.setSignInActivity(TESS_MAIL, { lastSuccessfulSignInDateTime: at(5).toISOString() });

    const ended = await revokeAbsentHolders(deps, at(45));
    expect(ended.map(e => e.id)).toEqual([tom.id]);
    expect(await lastActive(TOM)).toBeNull();
    expect(await lastActive(TESS)).toBe(at(30).toISOString());
    expect((await s.productionAccess.get(user(TESS), tess.id)).status).toBe('active');
  });

  it('counts a sign-in stamped in the future as now, and reads people by their stored Entra object id', async () => {
    const { deps, grant, h, lastActive } = await scenario();
    const entraTom = graph.addUser('tom.other-upn@defra.gov.uk');
    await h.knex('user_profiles').where({ user_ref: TOM }).update({ entra_object_id: entraTom.id });
    await grant(TOM, 'production-deploy');
    graph.setSignInActivity('tom.other-upn@defra.gov.uk', { lastSuccessfulSignInDateTime: at(400).toISOString() });
    expect(await revokeAbsentHolders(deps, at(50))).toEqual([]);
    expect(await lastActive(TOM)).toBe(at(50).toISOString());
  });

  it('decides nobody absent whom Entra ID failed to answer for, and decides on the next run that it can', async () => {
    const { deps, grant, logger, lastActive } = await scenario();
    graph.addUser(TOM_MAIL);
    const tom = await grant(TOM, 'production-deploy');
    const tess = await grant(TESS, 'production-deploy');
    // Graph fails both lookups of this run (the holders' order is the store's).
    graph.failNext(2, 503);
    expect(await revokeAbsentHolders(deps, at(50))).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining(`Could not read the work activity of ${TOM}`));
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('answered 503'));
    expect(await lastActive(TOM)).toBeNull();
    const later = await revokeAbsentHolders(deps, at(51));
    expect(later.map(e => e.id).sort()).toEqual([tom.id, tess.id].sort());
  });

  it('falls back to portal activity when Graph may not read sign-ins (no AuditLog.Read.All or no P1 licence), saying so', async () => {
    const { s, deps, grant, setNow, logger } = await scenario();
    graph.addUser(TOM_MAIL);
    graph.addUser(TESS_MAIL);
    const tom = await grant(TOM, 'production-deploy');
    const tess = await grant(TESS, 'production-deploy');
    graph.setSignInActivity(TOM_MAIL, { lastSuccessfulSignInDateTime: at(40).toISOString() });
    setNow(at(20));
    await s.activity.record(TESS);
    graph.signInActivityDenied = true;
    // A misconfiguration must not stop revocations: Tom's sign-ins cannot be seen, so he is absent.
    const ended = await revokeAbsentHolders(deps, at(50));
    expect(ended.map(e => e.id)).toEqual([tom.id]);
    expect((await s.productionAccess.get(user(TESS), tess.id)).status).toBe('active');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('portal activity alone measures absence'));
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('answered 403'));
  });
});
