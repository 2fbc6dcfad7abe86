import { AdpConfigError } from './config';

/**
 * Names of the groups and teams the provisioning reconcilers manage. Each is a template
 * configurable under `adp.naming` in app-config.yaml; the defaults are the ADP permissions model's names.
 *
 * Variables: `{alb}`, `{programme}` (programme name), `{programmeCode}`, `{project}` (project
 * name, i.e. its namespace), `{projectAlias}`, `{projectTitle}`, `{environment}`.
 *
 * @public
 */
export const DEFAULT_NAMING_TEMPLATES = {
  'entra.projectNonTech': 'AAG-Users-ADP-{programme}-{project}_NonTechUser',
  'entra.projectTech': 'AAG-Users-ADP-{programme}-{project}_TechUser',
  'entra.projectAdmin': 'AAG-Users-ADP-{programme}-{project}_Admin',
  'entra.programmeAdmin': 'AAG-Users-ADP-{programme}_Admin',
  'entra.platformEngineers': 'AAG-User-ADP-PlatformEngineers',
  'entra.dbReader': 'AAG-Azure-ADP-{programme}-{project}-{environment}-PostgressDB_Reader',
  'entra.dbWriter': 'AAG-Azure-ADP-{programme}-{project}-{environment}-PostgressDB_Writer',
  'entra.productionDeploy': 'AAG-Users-ADP-{programme}-{project}_ProductionDeploy',
  'entra.productionAdmin': 'AAG-Users-ADP-{programme}-{project}_ProductionAdmin',
  'github.contributors': 'ADP-{programme}-{project}-Contributors',
  'github.admins': 'ADP-{programme}-{project}-Admins',
  'github.platformAdmins': 'ADP-Platform-Admins',
  'github.productionDeploy': 'ADP-{programme}-{project}-ProductionDeploy',
  'github.productionAdmin': 'ADP-{programme}-{project}-ProductionAdmin',
  'azureDevOps.contributors': 'ADP-{alb}-{programme}-{project}-Contributors',
  'sonarcloud.projectGroup': '{project}',
  'sonarcloud.platformGroup': 'ADP',
} as const;

/** @public */
export type NamingTemplateKey = keyof typeof DEFAULT_NAMING_TEMPLATES;
/** @public */
export type NamingTemplates = Record<NamingTemplateKey, string>;

/** @public */
export interface NamingVariables {
  alb?: string;
  programme?: string;
  programmeCode?: string;
  project?: string;
  projectAlias?: string | null;
  projectTitle?: string;
  environment?: string;
}

const VARIABLE = /\{([a-zA-Z]+)\}/g;
const KNOWN = new Set([
  'alb',
  'programme',
  'programmeCode',
  'project',
  'projectAlias',
  'projectTitle',
  'environment',
]);

/**
 * Fails with the template and variable named when a configured template is unusable.
 *
 * @public
 */
export function validateNamingTemplate(key: string, template: string): void {
  for (const [, name] of template.matchAll(VARIABLE)) {
    if (!KNOWN.has(name)) {
      throw new AdpConfigError(
        `adp.naming.${key}`,
        `unknown variable {${name}} in "${template}"; known: ${[...KNOWN].map(k => `{${k}}`).join(', ')}`,
      );
    }
  }
}

/** A template split into literal text and variable names (odd positions); templates are few, so kept. */
const compiled = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(VARIABLE);
    compiled.set(template, parts);
  }
  return parts;
}

/**
 * Renders a template; a variable the template needs but was not given is an error.
 * The catalog module renders seven names per project on every full refresh, so the
 * template is parsed once, not on each call.
 *
 * @public
 */
export function renderName(template: string, vars: NamingVariables): string {
  const parts = partsOf(template);
  let name = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const value = (vars as Record<string, string | null | undefined>)[parts[i]];
    if (value === undefined || value === null || value === '') {
      throw new Error(`Naming template "${template}" needs {${parts[i]}}`);
    }
    name += value + parts[i + 1];
  }
  return name;
}

/**
 * Merges configured overrides over the defaults, validating each.
 *
 * @public
 */
export function resolveNamingTemplates(
  overrides: Partial<Record<string, string>> = {},
): NamingTemplates {
  const result = { ...DEFAULT_NAMING_TEMPLATES } as NamingTemplates;
  for (const [key, template] of Object.entries(overrides)) {
    if (!(key in DEFAULT_NAMING_TEMPLATES)) {
      throw new AdpConfigError(
        `adp.naming.${key}`,
        `not a known naming template; known: ${Object.keys(DEFAULT_NAMING_TEMPLATES).join(', ')}`,
      );
    }
    if (typeof template !== 'string' || template.trim() === '') {
      throw new AdpConfigError(`adp.naming.${key}`, 'must be a non-empty string');
    }
    validateNamingTemplate(key, template);
    result[key as NamingTemplateKey] = template;
  }
  return result;
}
