import { NamingVariables } from '@adp-portal/plugin-adp-common';
import { ProgrammeState, ProjectState } from '../types';

export function programmeVariables(p: ProgrammeState): NamingVariables {
  return { alb: p.albName, programme: p.name, programmeCode: p.code };
}

export function projectVariables(p: ProjectState): NamingVariables {
  return {
    ...programmeVariables(p.programme),
    project: p.name,
    projectAlias: p.alias,
    projectTitle: p.title,
  };
}

/** The prefixes that mark a project's repositories and SonarCloud projects: namespace, then alias. */
export function projectPrefixes(p: { name: string; alias: string | null }): string[] {
  return p.alias && p.alias !== p.name ? [p.name, p.alias] : [p.name];
}
