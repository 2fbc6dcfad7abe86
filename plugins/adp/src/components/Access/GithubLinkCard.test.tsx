import { fireEvent, screen, waitFor } from '@testing-library/react';
import { githubAuthApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { UserProfile } from '@adp-portal/plugin-adp-common';
import { GithubLinkCard } from './GithubLinkCard';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

const PAT = 'user:default/pat';
const profile = (over: Partial<UserProfile> = {}): UserProfile => ({
  userRef: PAT,
  displayName: 'Pat Programme',
  email: null,
  entraObjectId: null,
  githubHandle: null,
  githubUserId: null,
  githubVerified: false,
  employment: null,
  apprentice: false,
  lineManagerRef: null,
  lastActiveAt: null,
  ...over,
});

describe('GithubLinkCard', () => {
  it('links the account of a GitHub sign-in: the token goes to the backend, which answers what GitHub said', async () => {
    const getUserProfile = jest
      .fn()
      .mockResolvedValueOnce(profile())
      .mockResolvedValue(
        profile({
          githubHandle: 'pat-gh',
          githubUserId: 7,
          githubVerified: true,
        }),
      );
    const linkGithubAccount = jest.fn(async () =>
      profile({
        githubHandle: 'pat-gh',
        githubUserId: 7,
        githubVerified: true,
      }),
    );
    const getAccessToken = jest.fn(async () => 'gho_token');
    await renderWithApis(
      <TestApiProvider apis={[[githubAuthApiRef, { getAccessToken } as any]]}>
        <GithubLinkCard userRef={PAT} />
      </TestApiProvider>,
      { api: { getUserProfile, linkGithubAccount } },
    );
    expect(
      await screen.findByText(/No GitHub account linked/),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Link your GitHub account' }),
    );
    await waitFor(() =>
      expect(linkGithubAccount).toHaveBeenCalledWith(PAT, {
        accessToken: 'gho_token',
      }),
    );
    expect(getAccessToken).toHaveBeenCalledWith(['read:user'], {
      instantPopup: true,
    });
    expect(
      await screen.findByText('Linked to pat-gh, verified by GitHub sign-in.'),
    ).toBeInTheDocument();
  });

  it('says when an account was typed in rather than proven', async () => {
    await renderWithApis(
      <TestApiProvider
        apis={[[githubAuthApiRef, { getAccessToken: jest.fn() } as any]]}
      >
        <GithubLinkCard userRef={PAT} />
      </TestApiProvider>,
      {
        api: {
          getUserProfile: async () => profile({ githubHandle: 'pat-typed' }),
        },
      },
    );
    expect(
      await screen.findByText(/pat-typed, not verified/),
    ).toBeInTheDocument();
  });
});
