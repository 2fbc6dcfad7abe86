import { useState } from 'react';
import { Button } from '@material-ui/core';
import { DeliveryProject, projectCreatePermission } from '@adp-portal/plugin-adp-common';
import { Permitted } from '../common/Permitted';
import { ProjectFormDialog } from '../Forms';

export interface CreateProjectButtonProps {
  programme: { id: string; title: string };
  onCreated?(project: DeliveryProject): void;
}

/** "Create project" for one programme: creating is authorized on the parent programme. */
export const CreateProjectButton = ({ programme, onCreated }: CreateProjectButtonProps) => {
  const [open, setOpen] = useState(false);
  return (
    <Permitted permission={projectCreatePermission} resourceRef={programme.id}>
      <Button
        variant="contained"
        color="primary"
        onClick={() => setOpen(true)}
        aria-label={`Create project in ${programme.title}`}
      >
        Create project
      </Button>
      <ProjectFormDialog
        open={open}
        programme={programme}
        onClose={() => setOpen(false)}
        onSaved={project => {
          setOpen(false);
          onCreated?.(project);
        }}
      />
    </Permitted>
  );
};
