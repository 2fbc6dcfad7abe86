import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { adpEntityRef } from '@adp-portal/plugin-adp-common';
import { useAdpLinks } from '../../lib/useAdpLinks';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { useDeliveryStructure } from './useDeliveryStructure';

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** The portal's delivery structure: ALBs, their programmes and how many projects each has. */
export const DeliveryLandingPage = () => {
  const links = useAdpLinks();
  const { value, loading, error } = useDeliveryStructure();

  return (
    <AdpPageLayout>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.albs.length === 0 && (
        <Typography>No Arms Length Bodies yet.</Typography>
      )}
      {value?.truncated && (
        <Typography variant="body2" paragraph>
          Showing the first 200; use the{' '}
          <Link to={links.programmes()}>programme list</Link> for the rest.
        </Typography>
      )}
      <Grid container spacing={3}>
        {value?.albs.map(alb => (
          <Grid item xs={12} md={6} lg={4} key={alb.id}>
            <InfoCard
              title={
                <EntityRefLink
                  entityRef={adpEntityRef('alb', alb.name)}
                  title={alb.title}
                />
              }
              subheader={plural(
                alb.programmes.length,
                'programme',
                'programmes',
              )}
              deepLink={{
                link: links.programmes({ albId: alb.id }),
                title: `Programmes of ${alb.title}`,
              }}
            >
              <List dense aria-label={`Programmes of ${alb.title}`}>
                {alb.programmes.map(p => (
                  <ListItem key={p.id}>
                    <ListItemText
                      // Long titles wrap inside the card instead of being cut off ("… (FC").
                      primaryTypographyProps={{
                        style: { whiteSpace: 'normal' },
                      }}
                      primary={
                        <>
                          <EntityRefLink
                            entityRef={adpEntityRef('programme', p.name)}
                            title={p.title}
                            style={{ whiteSpace: 'normal' }}
                          />{' '}
                          ({p.code})
                        </>
                      }
                      secondary={
                        <Link to={links.projects({ programmeId: p.id })}>
                          {plural(p.projectCount, 'project', 'projects')}
                        </Link>
                      }
                    />
                  </ListItem>
                ))}
              </List>
            </InfoCard>
          </Grid>
        ))}
      </Grid>
    </AdpPageLayout>
  );
};
