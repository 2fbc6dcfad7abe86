import { microsoftAuthApiRef } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AdpSignInPage } from './AdpSignInPage';

const personas = [
  {
    userRef: 'user:default/tess',
    displayName: 'Tess Technical',
    title: 'Technical Team Member',
    description: 'Scaffolds services for their project.',
  },
  {
    userRef: 'user:default/nora',
    displayName: 'Nora NonTech',
    title: 'Delivery Team Member',
    description: 'Shown as a member of their project team.',
  },
];

const demoConfig = { adp: { demo: { enabled: true, personas } } };

/** A token whose payload ProxiedSignInIdentity can read an expiry from. */
function fakeToken(sub: string) {
  const part = (o: object) => window.btoa(JSON.stringify(o));
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none' })}.${part({ sub, exp })}.sig`;
}

function sessionFor(userRef: string) {
  return {
    profile: { displayName: 'Tess Technical' },
    backstageIdentity: {
      token: fakeToken(userRef),
      identity: {
        type: 'user',
        userEntityRef: userRef,
        ownershipEntityRefs: [userRef],
      },
    },
  };
}

const fetchMock = jest.fn();

function renderSignIn(config: object, onSignInSuccess = jest.fn()) {
  renderInTestApp(<AdpSignInPage onSignInSuccess={onSignInSuccess} />, {
    config: { app: { title: 'ADP Portal' }, ...config },
    apis: [
      mockApis.discovery({ baseUrl: 'http://backend.test' }),
      [
        microsoftAuthApiRef,
        { getBackstageIdentity: jest.fn().mockResolvedValue(undefined) },
      ],
    ],
  });
  return onSignInSuccess;
}

beforeEach(() => {
  window.sessionStorage.clear();
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (_url: string, init: RequestInit) => {
    const ref = new Headers(init.headers).get('x-adp-demo-persona')!;
    return { ok: true, json: async () => sessionFor(ref) };
  });
  global.fetch = fetchMock;
});

describe('AdpSignInPage in demo mode', () => {
  it('offers one labelled sign-in button per configured persona', async () => {
    renderSignIn(demoConfig);

    expect(
      await screen.findByRole('button', {
        name: 'Sign in as Tess Technical — Technical Team Member',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: 'Sign in as Nora NonTech — Delivery Team Member',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Scaffolds services for their project.'),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in as the chosen persona through the adp-demo provider', async () => {
    const onSignInSuccess = renderSignIn(demoConfig);

    await userEvent.click(
      await screen.findByRole('button', { name: /Sign in as Tess Technical/ }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://backend.test/api/auth/adp-demo/refresh');
    expect(new Headers(init.headers).get('x-adp-demo-persona')).toBe(
      'user:default/tess',
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/tess',
    });
    expect(window.sessionStorage.getItem('adp-demo-persona')).toBe(
      'user:default/tess',
    );

    // Signing out forgets the persona, so the next load shows the chooser.
    await identity.signOut();
    expect(window.sessionStorage.getItem('adp-demo-persona')).toBeNull();
  });

  it('signs straight back in as the persona chosen earlier in this tab', async () => {
    window.sessionStorage.setItem('adp-demo-persona', 'user:default/nora');
    const onSignInSuccess = renderSignIn(demoConfig);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(
      new Headers(fetchMock.mock.calls[0][1].headers).get('x-adp-demo-persona'),
    ).toBe('user:default/nora');
  });

  it('returns to the chooser when the backend refuses the persona', async () => {
    fetchMock.mockResolvedValue({
      ok: false,
      status: 401,
      statusText: 'Unauthorized',
      headers: new Headers(),
      text: async () => 'user:default/tess is not a demo persona',
    });
    const onSignInSuccess = renderSignIn(demoConfig);

    await userEvent.click(
      await screen.findByRole('button', { name: /Sign in as Tess Technical/ }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Choose another persona' }),
    );

    expect(
      await screen.findByRole('button', { name: /Sign in as Nora NonTech/ }),
    ).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();
    expect(window.sessionStorage.getItem('adp-demo-persona')).toBeNull();
  });
});

describe('AdpSignInPage outside demo mode', () => {
  it('offers Microsoft sign-in and no personas', async () => {
    renderSignIn({ adp: { demo: { personas } } });

    expect(await screen.findByText('Microsoft')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Sign in as/ }),
    ).not.toBeInTheDocument();
  });
});
