import { z } from 'zod';
import { parseEntityRef } from '@backstage/catalog-model';

/*
 * The only validation of ADP payloads: the server applies these authoritatively and
 * the forms use them for early feedback. Messages are written for people.
 */

const trimmed = (max: number, label: string) =>
  z
    .string({ required_error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

/**
 * Lower-case letters, digits and single hyphens; used for names, aliases and namespaces.
 *
 * @public
 */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)
    .regex(
      slugPattern,
      `${label} may only contain lower-case letters, digits and single hyphens`,
    );

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullish()
    .transform(v => (v ? v : null));

const optionalUrl = z
  .string()
  .trim()
  .max(2000, 'Website must be at most 2000 characters')
  .refine(v => v === '' || /^https?:\/\/[^\s]+$/i.test(v), {
    message: 'Website must be an http(s) URL',
  })
  .nullish()
  .transform(v => (v ? v : null));

const optionalSlug = (max: number, label: string) =>
  z
    .union([slug(max, label), z.literal('')])
    .nullish()
    .transform(v => (v ? v : null));

/**
 * GitHub's own username rules: 1–39 alphanumerics or single hyphens, not at either end.
 *
 * @public
 */
export const githubHandlePattern = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

/** @public */
export const githubHandleSchema = z
  .string()
  .trim()
  .regex(
    githubHandlePattern,
    'GitHub handle must be 1–39 letters, digits or single hyphens, not starting or ending with a hyphen',
  );

/**
 * A catalog User reference, normalised to `user:namespace/name`.
 *
 * @public
 */
export const userRefSchema = z
  .string({ required_error: 'User is required' })
  .trim()
  .min(1, 'User is required')
  .max(300, 'User reference is too long')
  .transform((v, ctx) => {
    try {
      const ref = parseEntityRef(v, { defaultKind: 'user', defaultNamespace: 'default' });
      if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
        ctx.addIssue({ code: 'custom', message: 'Must be a catalog User, like user:default/jane.doe' });
        return z.NEVER;
      }
      return `user:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Must be a catalog User, like user:default/jane.doe' });
      return z.NEVER;
    }
  });

/** @public */
export const programmeCodeSchema = z
  .string({ required_error: 'Programme code is required' })
  .trim()
  .regex(/^[A-Za-z]{3,4}$/, 'Programme code must be 3 or 4 letters')
  .transform(v => v.toUpperCase());

const emailSchema = z
  .string()
  .trim()
  .max(320, 'Email must be at most 320 characters')
  .email('Business service owner must be an email address');

// --- Arms Length Bodies -------------------------------------------------------

/** @public */
export const createAlbSchema = z
  .object({
    title: trimmed(100, 'Title'),
    /** Defaults to the slug of the title. */
    name: slug(63, 'Name').optional(),
    alias: optionalSlug(30, 'Alias'),
    description: trimmed(2000, 'Description'),
    url: optionalUrl,
  })
  .strict();

/** @public */
export const updateAlbSchema = z
  .object({
    title: trimmed(100, 'Title').optional(),
    alias: optionalSlug(30, 'Alias'),
    description: trimmed(2000, 'Description').optional(),
    url: optionalUrl,
  })
  .strict();

// --- Delivery Programmes ---------------------------------------------------------

/** @public */
export const createProgrammeSchema = z
  .object({
    albId: z.string({ required_error: 'Arms Length Body is required' }).trim().min(1, 'Arms Length Body is required').max(64),
    title: trimmed(100, 'Title'),
    name: slug(63, 'Name').optional(),
    code: programmeCodeSchema,
    alias: optionalSlug(30, 'Alias'),
    description: trimmed(2000, 'Description'),
    url: optionalUrl,
    /** Users to make programme admins on creation. */
    admins: z.array(userRefSchema).max(50).optional(),
  })
  .strict();

/** @public */
export const updateProgrammeSchema = z
  .object({
    title: trimmed(100, 'Title').optional(),
    code: programmeCodeSchema.optional(),
    alias: optionalSlug(30, 'Alias'),
    description: trimmed(2000, 'Description').optional(),
    url: optionalUrl,
  })
  .strict();

// --- Delivery Projects -----------------------------------------------------------

const visibility = z.enum(['public', 'private'], {
  errorMap: () => ({ message: 'GitHub team visibility must be public or private' }),
});
const teamType = z.enum(['delivery', 'platform'], {
  errorMap: () => ({ message: 'Team type must be delivery or platform' }),
});

/** @public */
export const createProjectSchema = z
  .object({
    programmeId: z.string({ required_error: 'Delivery programme is required' }).trim().min(1, 'Delivery programme is required').max(64),
    title: trimmed(100, 'Title'),
    alias: optionalSlug(30, 'Alias'),
    description: trimmed(2000, 'Description'),
    adoProject: optionalText(64, 'Azure DevOps project'),
    githubTeamVisibility: visibility.default('public'),
    teamType: teamType.default('delivery'),
    serviceCode: z
      .union([z.string().trim().regex(/^[A-Za-z0-9]{2,10}$/, 'Service code must be 2–10 letters or digits'), z.literal('')])
      .nullish()
      .transform(v => (v ? v.toUpperCase() : null)),
    costCentre: optionalText(32, 'Finance cost centre'),
    serviceOwner: z
      .union([emailSchema, z.literal('')])
      .nullish()
      .transform(v => (v ? v.toLowerCase() : null)),
  })
  .strict();

/** @public */
export const updateProjectSchema = createProjectSchema
  .omit({ programmeId: true })
  .extend({
    title: trimmed(100, 'Title').optional(),
    description: trimmed(2000, 'Description').optional(),
    githubTeamVisibility: visibility.optional(),
    teamType: teamType.optional(),
  })
  .partial()
  .strict();

// --- Teams -----------------------------------------------------------------------

/** @public */
export const addProgrammeAdminSchema = z.object({ userRef: userRefSchema }).strict();

/**
 * A person's GitHub account is theirs to link: team and programme admins pick people and
 * never type or change anyone's account, so a team request that names one is refused.
 */
const linkedByOwner = z
  .never({
    errorMap: () => ({
      message:
        "A GitHub account is linked by its owner on their profile, not by a team admin; leave it out",
    }),
  })
  .optional();

/**
 * The day a membership ends (YYYY-MM-DD): the membership is removed at the start of that day
 * (UTC). Null: no end. Whether it is after today is the server's check (it owns the clock).
 */
const membershipEndDate = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'End date must look like 2026-03-31' });
    } else if (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || !new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'End date is not a real day' });
    }
  })
  .nullable();

/** @public */
export const addProjectMemberSchema = z
  .object({
    userRef: userRefSchema,
    technical: z.boolean().default(false),
    admin: z.boolean().default(false),
    endsAt: membershipEndDate.default(null),
    githubHandle: linkedByOwner,
  })
  .strict();

/** @public */
export const updateProjectMemberSchema = z
  .object({
    technical: z.boolean().optional(),
    admin: z.boolean().optional(),
    endsAt: membershipEndDate.optional(),
    githubHandle: linkedByOwner,
  })
  .strict()
  .refine(v => Object.keys(v).length > 0, {
    message: 'Nothing to change: give technical, admin or endsAt',
  });

/** @public */
export const createJoinRequestSchema = z
  .object({ reason: trimmed(1000, 'Reason') })
  .strict();

/**
 * A team admin's answer to a join request. Approving adds the person as a member with the
 * roles given here (plain member by default); refusing may say why.
 *
 * @public
 */
export const decideJoinRequestSchema = z
  .object({
    decision: z.enum(['approve', 'refuse'], { errorMap: () => ({ message: 'Decision must be approve or refuse' }) }),
    technical: z.boolean().default(false),
    admin: z.boolean().default(false),
    note: z.string().trim().max(1000, 'Note must be at most 1000 characters').optional(),
  })
  .strict();

// --- Platform roles and service accounts ------------------------------------------

/** @public */
export const assignPlatformRoleSchema = z
  .object({
    userRef: userRefSchema,
    role: z.enum(['adp-admin', 'ccoe-engineer'], {
      errorMap: () => ({ message: 'Role must be adp-admin or ccoe-engineer' }),
    }),
  })
  .strict();

/** @public */
export const createServiceAccountSchema = z
  .object({
    name: slug(63, 'Name'),
    description: trimmed(500, 'Description'),
    subject: z
      .string()
      .trim()
      .regex(/^(external|plugin):[A-Za-z0-9._:-]{1,200}$/, 'Subject must look like external:my-automation or plugin:my-plugin'),
  })
  .strict();

// --- User profiles ------------------------------------------------------------------

/** @public */
export const updateUserProfileSchema = z
  .object({
    githubHandle: z.union([githubHandleSchema, z.null()]).optional(),
    employment: z.enum(['civil-servant', 'contractor']).nullable().optional(),
    apprentice: z.boolean().optional(),
    lineManagerRef: z.union([userRefSchema, z.null()]).optional(),
  })
  .strict();

/**
 * Links the caller's GitHub account: the access token of their GitHub sign-in, which the server
 * shows to GitHub to learn the account's id and login.
 *
 * @public
 */
export const linkGithubAccountSchema = z
  .object({
    accessToken: z
      .string({ required_error: 'The GitHub sign-in is required' })
      .trim()
      .min(1, 'The GitHub sign-in is required')
      .max(4096, 'The GitHub access token is too long'),
  })
  .strict();

// --- Lists ----------------------------------------------------------------------------

const intParam = (def: number, min: number, max: number, label: string) =>
  z.coerce
    .number({ invalid_type_error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`)
    .default(def);

const boolParam = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform(v => v === true || v === 'true')
  .optional();

/**
 * Query of every list endpoint: paging, sorting, search and the common filters.
 *
 * @public
 */
export const listQuerySchema = z
  .object({
    offset: intParam(0, 0, 1_000_000, 'offset'),
    limit: intParam(25, 1, 200, 'limit'),
    search: z.string().trim().max(200, 'search must be at most 200 characters').optional(),
    sort: z.enum(['title', 'name', 'code', 'createdAt', 'updatedAt']).default('title'),
    order: z.enum(['asc', 'desc']).default('asc'),
    albId: z.string().trim().max(64).optional(),
    programmeId: z.string().trim().max(64).optional(),
    /** Only records where the caller is a member or admin. */
    mine: boolParam,
    /**
     * Projects only: those where the caller is a Technical Team Member (ADP Admins are one
     * everywhere), i.e. may create services for (adp.project.createService).
     */
    technical: boolParam,
    includeArchived: boolParam,
  })
  .strict();

/** @public */
export type CreateAlbRequest = z.input<typeof createAlbSchema>;
/** @public */
export type UpdateAlbRequest = z.input<typeof updateAlbSchema>;
/** @public */
export type CreateProgrammeRequest = z.input<typeof createProgrammeSchema>;
/** @public */
export type UpdateProgrammeRequest = z.input<typeof updateProgrammeSchema>;
/** @public */
export type CreateProjectRequest = z.input<typeof createProjectSchema>;
/** @public */
export type UpdateProjectRequest = z.input<typeof updateProjectSchema>;
/** @public */
export type AddProgrammeAdminRequest = z.input<typeof addProgrammeAdminSchema>;
/** @public */
export type AddProjectMemberRequest = z.input<typeof addProjectMemberSchema>;
/** @public */
export type UpdateProjectMemberRequest = z.input<typeof updateProjectMemberSchema>;
/** @public */
export type CreateJoinRequestRequest = z.input<typeof createJoinRequestSchema>;
/** @public */
export type DecideJoinRequestRequest = z.input<typeof decideJoinRequestSchema>;
/** @public */
export type AssignPlatformRoleRequest = z.input<typeof assignPlatformRoleSchema>;
/** @public */
export type CreateServiceAccountRequest = z.input<typeof createServiceAccountSchema>;
/** @public */
export type UpdateUserProfileRequest = z.input<typeof updateUserProfileSchema>;
/** @public */
export type LinkGithubAccountRequest = z.input<typeof linkGithubAccountSchema>;
/** @public */
export type ListQuery = z.input<typeof listQuerySchema>;
/** @public */
export type ParsedListQuery = z.output<typeof listQuerySchema>;
