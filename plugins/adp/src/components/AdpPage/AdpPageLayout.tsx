import { ReactNode } from 'react';
import { ContentHeader } from '@backstage/core-components';
import { Typography } from '@material-ui/core';

export interface AdpPageLayoutProps {
  /** The tab's heading; the landing tab has none (the page header names it). */
  title?: string;
  subtitle?: string;
  children: ReactNode;
}

/** The content of one of the plugin's tabs; AdpPage gives the header and the tabs. */
export const AdpPageLayout = ({
  title,
  subtitle,
  children,
}: AdpPageLayoutProps) => (
  <>
    {title && <ContentHeader title={title} />}
    {subtitle && (
      <Typography variant="body1" paragraph>
        {subtitle}
      </Typography>
    )}
    {children}
  </>
);
