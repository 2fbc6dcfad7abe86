import { projectNamespace } from '@adp-portal/plugin-adp-common';
import { randomUUID } from 'node:crypto';
import { DeliveryWriter } from '../service/DeliveryWriter';
import { DEMO_PERSONAS, DEMO_TREE } from './demoData';

const SEEDER = 'plugin:adp/demo-data';

/**
 * Seeds the demo tree when `adp.demoData` is true. Idempotent: records are found by
 * name and left alone when present, so restarts (and several instances) add nothing twice.
 */
export async function seedDemoData(writer: DeliveryWriter): Promise<void> {
  await writer.write(SEEDER, async ({ stores, at, record }) => {
    for (const p of DEMO_PERSONAS) {
      const stored = await stores.profiles.get(p.userRef);
      if (stored) continue;
      await stores.profiles.upsert({
        userRef: p.userRef,
        displayName: p.displayName,
        email: p.email,
        entraObjectId: null,
        githubHandle: p.github?.login ?? null,
        // Pre-seeded as if the persona had signed in to GitHub: the demo's fake GitHub knows the account.
        githubUserId: p.github?.id ?? null,
        githubVerified: !!p.github,
        employment: 'civil-servant',
        apprentice: false,
        lineManagerRef: null,
        lastActiveAt: null,
      });
    }
    const stamp = { createdAt: at, createdBy: SEEDER, updatedAt: at, updatedBy: SEEDER };
    for (const { alb: a, programmes } of DEMO_TREE) {
      let alb = await stores.albs.findByName(a.name);
      if (!alb) {
        alb = { id: randomUUID(), ...a, url: null, ...stamp };
        await stores.albs.insert(alb);
        record({ kind: 'alb', id: alb.id, albId: alb.id, programmeId: null, projectId: null, action: 'created', before: null, after: alb, reason: 'alb-created' });
      }
      for (const { admins, projects, ...p } of programmes) {
        let programme = await stores.programmes.findByCode(p.code);
        if (!programme) {
          programme = { id: randomUUID(), albId: alb.id, ...p, alias: null, url: null, archivedAt: null, ...stamp };
          await stores.programmes.insert(programme);
          record({ kind: 'programme', id: programme.id, albId: alb.id, programmeId: programme.id, projectId: null, action: 'created', before: null, after: programme, reason: 'programme-created' });
          for (const userRef of admins) {
            const admin = { id: randomUUID(), programmeId: programme.id, userRef, createdAt: at, createdBy: SEEDER };
            await stores.teams.insertAdmin(admin);
            record({ kind: 'programme-admin', id: admin.id, albId: alb.id, programmeId: programme.id, projectId: null, action: 'created', before: null, after: admin, reason: 'programme-admin-added', userRefs: [userRef] });
          }
        }
        for (const { members, ...d } of projects) {
          const name = d.name ?? projectNamespace(programme.code, d.title);
          if (await stores.projects.findByName(name)) continue;
          const project = {
            id: randomUUID(), programmeId: programme.id, name, title: d.title, alias: d.alias ?? null, description: d.description,
            adoProject: null, githubTeamVisibility: 'public' as const, teamType: 'delivery' as const,
            serviceCode: null, costCentre: null, serviceOwner: null, archivedAt: null, ...stamp,
          };
          await stores.projects.insert(project);
          record({ kind: 'project', id: project.id, albId: alb.id, programmeId: programme.id, projectId: project.id, action: 'created', before: null, after: project, reason: 'project-created' });
          for (const m of members) {
            const member = { id: randomUUID(), projectId: project.id, ...m, endsAt: null, ...stamp };
            await stores.teams.insertMember(member);
            record({ kind: 'project-member', id: member.id, albId: alb.id, programmeId: programme.id, projectId: project.id, action: 'created', before: null, after: member, reason: 'project-member-added', userRefs: [m.userRef] });
          }
        }
      }
    }
  });
}
