import { Box, Checkbox, FormControlLabel, TextField, Typography } from '@material-ui/core';
import { LEARNING_OBJECTIVES, LearningChecklistItemInput, LearningObjectiveId } from '@adp-portal/plugin-adp-common';

/** The requester's working copy of one objective: done or not, and how. */
export interface ChecklistDraftItem {
  done: boolean;
  completedOn: string;
  note: string;
  evidenceUrl: string;
}

export type ChecklistDraft = Record<LearningObjectiveId, ChecklistDraftItem>;

export function emptyChecklist(from: LearningChecklistItemInput[] = []): ChecklistDraft {
  return Object.fromEntries(
    LEARNING_OBJECTIVES.map(o => {
      const item = from.find(i => i.objective === o.id);
      return [o.id, { done: !!item, completedOn: item?.completedOn ?? '', note: item?.note ?? '', evidenceUrl: item?.evidenceUrl ?? '' }];
    }),
  ) as ChecklistDraft;
}

/** The objectives marked done, as the API takes them. */
export function checklistItems(draft: ChecklistDraft): LearningChecklistItemInput[] {
  return LEARNING_OBJECTIVES.filter(o => draft[o.id].done).map(o => ({
    objective: o.id,
    completedOn: draft[o.id].completedOn,
    note: draft[o.id].note || null,
    evidenceUrl: draft[o.id].evidenceUrl || null,
  }));
}

export interface ChecklistFieldsProps {
  draft: ChecklistDraft;
  onChange(draft: ChecklistDraft): void;
  disabled?: boolean;
}

/** The four Production Admin learning objectives: each done with a date and a note or evidence. */
export const ChecklistFields = ({ draft, onChange, disabled }: ChecklistFieldsProps) => {
  const set = (id: LearningObjectiveId, patch: Partial<ChecklistDraftItem>) => onChange({ ...draft, [id]: { ...draft[id], ...patch } });
  return (
    <Box component="fieldset" border={0} p={0} m={0}>
      <Typography component="legend" variant="subtitle2">
        Learning checklist (all four before a sponsor can approve)
      </Typography>
      {LEARNING_OBJECTIVES.map(o => (
        <Box key={o.id} role="group" aria-label={o.title} mt={1}>
          <FormControlLabel
            control={<Checkbox checked={draft[o.id].done} disabled={disabled} onChange={e => set(o.id, { done: e.target.checked })} />}
            label={o.title}
          />
          <Typography variant="caption" display="block" color="textSecondary">
            {o.example}
          </Typography>
          {draft[o.id].done && (
            <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
              <TextField
                id={`adp-checklist-${o.id}-completed-on`}
                label="Done on"
                type="date"
                value={draft[o.id].completedOn}
                onChange={e => set(o.id, { completedOn: e.target.value })}
                InputLabelProps={{ shrink: true }}
                disabled={disabled}
                margin="dense"
                variant="outlined"
              />
              <TextField
                id={`adp-checklist-${o.id}-note`}
                label="Note"
                value={draft[o.id].note}
                onChange={e => set(o.id, { note: e.target.value })}
                disabled={disabled}
                margin="dense"
                variant="outlined"
                style={{ flex: 2 }}
              />
              <TextField
                id={`adp-checklist-${o.id}-evidence`}
                label="Evidence link"
                value={draft[o.id].evidenceUrl}
                onChange={e => set(o.id, { evidenceUrl: e.target.value })}
                disabled={disabled}
                margin="dense"
                variant="outlined"
                style={{ flex: 2 }}
              />
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
};
