import { ReactNode } from 'react';
import { BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';

export type PermittedProps = (
  | { permission: BasicPermission; resourceRef?: never }
  | { permission: ResourcePermission; resourceRef: string }
) & { children: ReactNode };

/**
 * Renders its children only when the signed-in user holds the permission (on the
 * record, for a resource permission). The server checks again on every write.
 */
export const Permitted = ({ permission, resourceRef, children }: PermittedProps) => {
  const { allowed } = usePermission(
    permission.type === 'resource'
      ? { permission: permission as ResourcePermission, resourceRef }
      : { permission: permission as BasicPermission },
  );
  return allowed ? <>{children}</> : null;
};
