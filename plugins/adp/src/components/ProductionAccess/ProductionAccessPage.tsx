import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { Grid } from '@material-ui/core';
import { adpApiRef } from '../../api';
import { useUserNames } from '../../lib/useUserNames';
import { AdpPageLayout } from '../AdpPage/AdpPageLayout';
import { AccessReviews } from './AccessReviews';
import { MyRequests } from './MyRequests';
import { ProductionAccessProfiles } from './ProductionAccessProfiles';
import { RequestForm } from './RequestForm';
import { SponsorQueue } from './SponsorQueue';

/** Production Deploy and Production Admin: my levels, asking, deciding as a sponsor, reviewing. */
export const ProductionAccessPage = () => {
  const api = useApi(adpApiRef);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion(v => v + 1);
  const data = useAsync(async () => {
    const [mine, queue, reviews] = await Promise.all([
      api.getMyProductionAccess(),
      api.getProductionAccessQueue(),
      api.getProductionAccessReviews(),
    ]);
    return { mine, queue, reviews };
  }, [api, version]);
  // Records name people by ref (who decided, who manages whom): show their names.
  const nameOf = useUserNames([
    ...(data.value?.mine.requests.map(r => r.decidedBy) ?? []),
    data.value?.mine.profile.lineManagerRef,
    ...(data.value?.queue.sponsor.map(r => r.lineManagerRef) ?? []),
  ]);
  const waiting = !!data.value && data.value.queue.sponsor.length + data.value.queue.lineManager.length > 0;
  const queue = data.value && (
    <Grid item xs={12}>
      <SponsorQueue queue={data.value.queue} onDone={reload} nameOf={nameOf} />
    </Grid>
  );
  return (
    <AdpPageLayout title="Production access" subtitle="Production Deploy and Production Admin, sponsored per delivery project">
      {data.loading && !data.value && <Progress />}
      {data.error && <ResponseErrorPanel error={data.error} />}
      {data.value && (
        <Grid container spacing={3}>
          {/* What awaits the caller's decision comes first when there is any. */}
          {waiting && queue}
          <Grid item xs={12}>
            <MyRequests requests={data.value.mine.requests} onDone={reload} nameOf={nameOf} />
          </Grid>
          <Grid item xs={12}>
            <RequestForm mine={data.value.mine} onDone={reload} nameOf={nameOf} />
          </Grid>
          {!waiting && queue}
          <Grid item xs={12}>
            <AccessReviews reviews={data.value.reviews} onDone={reload} />
          </Grid>
          <Grid item xs={12}>
            <ProductionAccessProfiles onSaved={reload} />
          </Grid>
        </Grid>
      )}
    </AdpPageLayout>
  );
};
