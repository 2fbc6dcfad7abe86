import { ReactNode } from 'react';
import { Content, Header, Link, Page } from '@backstage/core-components';
import { Box } from '@material-ui/core';
import { useAdpLinks } from '../../lib/useAdpLinks';

export interface AdpPageLayoutProps {
  title: string;
  subtitle?: string;
  children: ReactNode;
}

/** Header and section navigation shared by the plugin's pages. */
export const AdpPageLayout = ({ title, subtitle, children }: AdpPageLayoutProps) => {
  const links = useAdpLinks();
  const sections = [
    { to: links.root, label: 'Delivery' },
    { to: links.albs(), label: 'Arms Length Bodies' },
    { to: links.programmes(), label: 'Programmes' },
    { to: links.projects(), label: 'Projects' },
    { to: links.permissions(), label: 'Permission matrix' },
    { to: links.myAccess(), label: 'My access' },
    { to: links.productionAccess(), label: 'Production access' },
  ];
  return (
    <Page themeId="tool">
      <Header title={title} subtitle={subtitle} />
      <Content>
        <Box component="nav" aria-label="Delivery sections" display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
          {sections.map(s => (
            <Link key={s.label} to={s.to}>
              {s.label}
            </Link>
          ))}
        </Box>
        {children}
      </Content>
    </Page>
  );
};
