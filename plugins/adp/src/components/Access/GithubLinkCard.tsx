import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { githubAuthApiRef, useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Button, Typography } from '@material-ui/core';
import { adpApiRef } from '../../api';

/**
 * The signed-in person's GitHub account. They link it themselves by signing in to GitHub; the
 * portal asks GitHub whose account it is. Team admins never set it.
 */
export const GithubLinkCard = ({ userRef }: { userRef: string }) => {
  const api = useApi(adpApiRef);
  const githubAuth = useApi(githubAuthApiRef);
  const profile = useAsyncRetry(
    () => api.getUserProfile(userRef),
    [api, userRef],
  );
  const [linking, setLinking] = useState(false);
  const [error, setError] = useState<Error>();

  const link = async () => {
    setError(undefined);
    setLinking(true);
    try {
      // Only to learn who holds the account: no repository scopes.
      const accessToken = await githubAuth.getAccessToken(['read:user'], { instantPopup: true });
      await api.linkGithubAccount(userRef, { accessToken });
      profile.retry();
    } catch (e) {
      setError(e as Error);
    } finally {
      setLinking(false);
    }
  };

  const p = profile.value;
  return (
    <InfoCard title="Your GitHub account">
      {profile.loading && <Progress />}
      {profile.error && <ResponseErrorPanel error={profile.error} />}
      {p && (
        <Typography paragraph role="status">
          {!p.githubHandle &&
            'No GitHub account linked: projects where you are a technical member are waiting for one.'}
          {p.githubHandle &&
            p.githubVerified &&
            `Linked to ${p.githubHandle}, verified by GitHub sign-in.`}
          {p.githubHandle &&
            !p.githubVerified &&
            `${p.githubHandle}, not verified: it was typed in, not proven by GitHub sign-in. Link it to confirm it.`}
        </Typography>
      )}
      {error && <ResponseErrorPanel error={error} />}
      <Button
        variant="contained"
        color="primary"
        onClick={link}
        disabled={linking}
      >
        {p?.githubVerified
          ? 'Link another GitHub account'
          : 'Link your GitHub account'}
      </Button>
    </InfoCard>
  );
};
