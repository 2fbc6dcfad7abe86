import {
  LEARNING_OBJECTIVES,
  LearningChecklistItem,
  LearningObjectiveId,
  learningChecklistItemSchema,
} from '@adp-portal/plugin-adp-common';
import { z } from 'zod';
import { fieldError } from '../service/validation';

type ItemInput = z.output<typeof learningChecklistItemSchema>;

/** Stores what the requester marked done; the sponsor's confirmation comes later, on approval. */
export function checklistFrom(items: ItemInput[], today: string): LearningChecklistItem[] {
  items.forEach((item, i) => {
    // Learning cannot be done tomorrow: the server's clock decides, not the browser's.
    if (item.completedOn > today) throw fieldError(`checklist.${i}.completedOn`, 'Date cannot be in the future');
  });
  const order = LEARNING_OBJECTIVES.map(o => o.id);
  return [...items]
    .sort((a, b) => order.indexOf(a.objective) - order.indexOf(b.objective))
    .map(item => ({ ...item, confirmedAt: null, confirmedBy: null }));
}

/** Objectives not yet marked done (with a date and a note or evidence). */
export function missingObjectives(checklist: LearningChecklistItem[]): LearningObjectiveId[] {
  const done = new Set(checklist.filter(i => i.completedOn && (i.note || i.evidenceUrl)).map(i => i.objective));
  return LEARNING_OBJECTIVES.map(o => o.id).filter(id => !done.has(id));
}

export const objectiveTitles = (ids: LearningObjectiveId[]) =>
  ids.map(id => LEARNING_OBJECTIVES.find(o => o.id === id)?.title ?? id).join('; ');
