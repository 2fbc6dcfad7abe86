import { z } from 'zod';
import {
  LEARNING_OBJECTIVE_IDS,
  LearningObjectiveId,
  PRODUCTION_LEVEL_IDS,
  PRODUCTION_LEVELS,
  ProductionLevelId,
} from '../roles/productionLevels';

/* Payloads of the production access endpoints; the server applies them, the forms reuse them. */

const text = (max: number, label: string) =>
  z
    .string({ required_error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullish()
    .transform(v => (v ? v : null));

const level = z.enum(PRODUCTION_LEVEL_IDS as [ProductionLevelId, ...ProductionLevelId[]], {
  errorMap: () => ({ message: 'Level must be production-deploy or production-admin' }),
});

const objective = z.enum(LEARNING_OBJECTIVE_IDS as [LearningObjectiveId, ...LearningObjectiveId[]], {
  errorMap: () => ({ message: `Objective must be one of ${LEARNING_OBJECTIVE_IDS.join(', ')}` }),
});

/** A calendar day (the server also refuses days after today, by its own clock). */
const day = z
  .string({ required_error: 'Date is required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must look like 2026-03-31')
  .refine(v => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: 'Date is not a real day',
  });

const evidenceUrl = z
  .string()
  .trim()
  .max(2000, 'Evidence link must be at most 2000 characters')
  .refine(v => v === '' || /^https?:\/\/[^\s]+$/i.test(v), { message: 'Evidence must be an http(s) link' })
  .nullish()
  .transform(v => (v ? v : null));

/**
 * One learning objective marked done: a date and a note or a link to evidence.
 *
 * @public
 */
export const learningChecklistItemSchema = z
  .object({
    objective,
    completedOn: day,
    note: optionalText(2000, 'Note'),
    evidenceUrl,
  })
  .strict()
  .refine(v => v.note !== null || v.evidenceUrl !== null, {
    message: 'Give a note or a link to evidence',
    path: ['note'],
  });

const checklist = z
  .array(learningChecklistItemSchema)
  .max(LEARNING_OBJECTIVE_IDS.length)
  .refine(items => new Set(items.map(i => i.objective)).size === items.length, {
    message: 'Each objective may appear once',
  });

/** @public */
export const createProductionAccessRequestSchema = z
  .object({
    projectId: text(64, 'Project'),
    level,
    justification: text(2000, 'Justification'),
    /** Production Admin: the objectives done so far (all four before approval). */
    checklist: checklist.optional(),
  })
  .strict()
  // Part of the input's validity, so it is refused as a bad request before anything is looked up.
  .superRefine((v, ctx) => {
    const definition = PRODUCTION_LEVELS[v.level];
    if (!definition.requiresLearningChecklist && v.checklist?.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['checklist'], message: `${definition.title} has no learning checklist` });
    }
  });

/**
 * Replaces the checklist of a pending Production Admin request (the requester only).
 *
 * @public
 */
export const updateProductionAccessChecklistSchema = z.object({ checklist }).strict();

/**
 * The line manager's approval of an apprentice's Production Admin request.
 *
 * @public
 */
export const lineManagerApprovalSchema = z.object({ note: optionalText(2000, 'Note') }).strict();

/**
 * A sponsor's decision. Approving names every "should ensure" item of the level the
 * sponsor confirmed and, for Production Admin, every learning objective they checked.
 *
 * @public
 */
export const productionAccessDecisionSchema = z
  .discriminatedUnion('decision', [
    z
      .object({
        decision: z.literal('approve'),
        confirmations: z.array(z.string().trim().min(1).max(64)).max(20),
        checklistConfirmations: z.array(objective).max(LEARNING_OBJECTIVE_IDS.length).optional(),
        note: optionalText(2000, 'Note'),
      })
      .strict(),
    z.object({ decision: z.literal('refuse'), note: text(2000, 'Reason') }).strict(),
  ], { errorMap: (issue, ctx) => (issue.code === 'invalid_union_discriminator' ? { message: 'Decision must be approve or refuse' } : { message: ctx.defaultError }) });

/** @public */
export const revokeProductionAccessSchema = z.object({ reason: text(2000, 'Reason') }).strict();

/** @public */
export const recertifyProductionAccessSchema = z.object({ note: optionalText(2000, 'Note') }).strict();

/** @public */
export type CreateProductionAccessRequest = z.input<typeof createProductionAccessRequestSchema>;
/** @public */
export type UpdateProductionAccessChecklistRequest = z.input<typeof updateProductionAccessChecklistSchema>;
/** @public */
export type LineManagerApprovalRequest = z.input<typeof lineManagerApprovalSchema>;
/** @public */
export type ProductionAccessDecisionRequest = z.input<typeof productionAccessDecisionSchema>;
/** @public */
export type RevokeProductionAccessRequest = z.input<typeof revokeProductionAccessSchema>;
/** @public */
export type RecertifyProductionAccessRequest = z.input<typeof recertifyProductionAccessSchema>;
/** @public */
export type LearningChecklistItemInput = z.input<typeof learningChecklistItemSchema>;
