import { Chip } from '@material-ui/core';

/** "Archived" as text, so the state never depends on colour. */
export const ArchivedChip = ({ archivedAt }: { archivedAt: string | null }) =>
  archivedAt ? <Chip size="small" variant="outlined" label="Archived" /> : <>Active</>;
