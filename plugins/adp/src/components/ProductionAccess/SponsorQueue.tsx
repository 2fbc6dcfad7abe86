import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { Button, List, ListItem, ListItemSecondaryAction, ListItemText, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { ProductionAccessQueue } from '@adp-portal/plugin-adp-common';
import { adpApiRef } from '../../api';
import { DecisionCard } from './DecisionCard';
import { day, holderOf, levelTitle, messageOf, projectOf } from './labels';

/** Requests awaiting the caller: as a sponsor, and as an apprentice's line manager. */
export const SponsorQueue = ({ queue, onDone }: { queue: ProductionAccessQueue; onDone(): void }) => {
  const api = useApi(adpApiRef);
  const [error, setError] = useState<string>();
  const approveAsLineManager = async (id: string) => {
    setError(undefined);
    try {
      await api.approveProductionAccessAsLineManager(id, {});
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <InfoCard title="Awaiting your decision">
      {queue.sponsor.length === 0 && queue.lineManager.length === 0 && (
        <Typography>Nothing awaits you. Sponsors are a project's civil servant tech lead (Delivery Team Admin) and ADP Admins.</Typography>
      )}
      {queue.sponsor.map(r => (
        <DecisionCard key={r.id} request={r} onDone={onDone} />
      ))}
      {queue.lineManager.length > 0 && (
        <>
          <Typography variant="subtitle1" component="h3">
            As line manager
          </Typography>
          {error && <Alert severity="error" role="alert">{error}</Alert>}
          <List aria-label="Apprentice requests awaiting your approval">
            {queue.lineManager.map(r => (
              <ListItem key={r.id}>
                <ListItemText
                  primary={`${holderOf(r)} (apprentice) asks for ${levelTitle(r)} on ${projectOf(r)}`}
                  secondary={`Asked ${day(r.createdAt)}: “${r.justification}”`}
                />
                <ListItemSecondaryAction>
                  <Button onClick={() => approveAsLineManager(r.id)} aria-label={`Approve as line manager: ${holderOf(r)}`}>
                    Approve as line manager
                  </Button>
                </ListItemSecondaryAction>
              </ListItem>
            ))}
          </List>
        </>
      )}
    </InfoCard>
  );
};
