export { AlbFormDialog } from './AlbFormDialog';
export type { AlbFormDialogProps } from './AlbFormDialog';
export { ProgrammeFormDialog } from './ProgrammeFormDialog';
export type { ProgrammeFormDialogProps } from './ProgrammeFormDialog';
export { ProjectFormDialog } from './ProjectFormDialog';
export type { ProjectFormDialogProps } from './ProjectFormDialog';
