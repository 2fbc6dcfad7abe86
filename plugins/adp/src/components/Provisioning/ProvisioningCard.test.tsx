import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ProvisioningCard } from './ProvisioningCard';
import { renderWithApis, responseError } from '../../__testUtils__/renderWithApis';

describe('ProvisioningCard', () => {
  it('shows every system as not configured when the project has no provisioning (404)', async () => {
    const notFound = await responseError(404, { name: 'NotFoundError', message: 'Not found' });
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: { getProvisioningStatus: async () => Promise.reject(notFound) },
    });
    for (const system of ['GitHub', 'Entra ID', 'Azure DevOps', 'SonarCloud']) {
      expect(await screen.findByText(`${system}: Not configured`)).toBeInTheDocument();
    }
  });

  it('shows other errors instead of pretending nothing is configured', async () => {
    const failure = await responseError(500, { name: 'Error', message: 'database down' });
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: { getProvisioningStatus: async () => Promise.reject(failure) },
    });
    expect((await screen.findAllByText(/database down/)).length).toBeGreaterThan(0);
    expect(screen.queryByText('GitHub: Not configured')).not.toBeInTheDocument();
  });

  it('shows state and error per system, and retries a failed one when permitted', async () => {
    const getProvisioningStatus = jest.fn(async () => ({
      systems: [
        { system: 'github' as const, status: 'failed' as const, lastError: 'team name taken', attempts: 3 },
        { system: 'entra' as const, status: 'in-sync' as const },
        { system: 'azure-devops' as const, status: 'pending' as const },
      ],
    }));
    const retryProvisioning = jest.fn(async () => undefined);
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: { getProvisioningStatus, retryProvisioning },
      grants: ['adp.provisioning.retry@p1'],
    });
    expect(await screen.findByText('GitHub: Failed')).toBeInTheDocument();
    expect(screen.getByText('Error: team name taken · 3 attempts')).toBeInTheDocument();
    expect(screen.getByText('Entra ID: In sync')).toBeInTheDocument();
    expect(screen.getByText('Azure DevOps: Pending')).toBeInTheDocument();
    expect(screen.getByText('SonarCloud: Not configured')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('button', { name: 'Retry GitHub' }));
    await waitFor(() => expect(retryProvisioning).toHaveBeenCalledWith('p1', 'github'));
    await waitFor(() => expect(getProvisioningStatus).toHaveBeenCalledTimes(2));
  });

  it('says who is waiting for a GitHub account', async () => {
    const waiting = 'user:default/pat is waiting for a GitHub account: access follows when they link one';
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: { getProvisioningStatus: async () => ({ systems: [{ system: 'github' as const, status: 'in-sync' as const, warnings: [waiting] }] }) },
    });
    expect(await screen.findByText('GitHub: In sync')).toBeInTheDocument();
    expect(screen.getByText(waiting)).toBeInTheDocument();
  });

  it('names what each credential lacks, and says when one could not be checked', async () => {
    const getProvisioningChecks = jest.fn(async () => ({
      checks: [
        {
          system: 'github' as const,
          status: 'missing' as const,
          missing: ['GitHub: the GitHub App 42 lacks Organization › Members (read and write) on defra (has read)'],
          notes: [],
          checkedAt: '2026-01-01T10:00:00Z',
        },
        { system: 'entra' as const, status: 'ok' as const, missing: [], notes: [], checkedAt: '2026-01-01T10:00:00Z' },
        {
          system: 'sonarcloud' as const,
          status: 'unknown' as const,
          missing: [],
          notes: ['SonarCloud: the credential could not be checked: 503'],
          checkedAt: '2026-01-01T10:00:00Z',
        },
      ],
    }));
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: { getProvisioningStatus: async () => ({ systems: [{ system: 'github' as const, status: 'failed' as const }] }), getProvisioningChecks },
    });
    const list = await screen.findByRole('list', { name: 'Provisioning credentials' });
    expect(getProvisioningChecks).toHaveBeenCalledWith('p1');
    expect(within(list).getByText('GitHub credentials: permissions missing')).toBeInTheDocument();
    // In words, without repeating the system's name.
    expect(within(list).getByText('the GitHub App 42 lacks Organization › Members (read and write) on defra (has read)')).toBeInTheDocument();
    expect(within(list).getByText('Entra ID credentials: nothing missing')).toBeInTheDocument();
    expect(within(list).getByText('SonarCloud credentials: could not be checked')).toBeInTheDocument();
    expect(within(list).getByText('the credential could not be checked: 503')).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
  });

  it('still shows the status when the credential checks cannot be read', async () => {
    const failure = await responseError(403, { name: 'NotAllowedError', message: 'not allowed' });
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: {
        getProvisioningStatus: async () => ({ systems: [{ system: 'github' as const, status: 'in-sync' as const }] }),
        getProvisioningChecks: async () => Promise.reject(failure),
      },
    });
    expect(await screen.findByText('GitHub: In sync')).toBeInTheDocument();
    expect(await screen.findByText(/Credential checks could not be read/)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Provisioning credentials' })).not.toBeInTheDocument();
  });

  it('hides retry without permission', async () => {
    await renderWithApis(<ProvisioningCard projectId="p1" />, {
      api: { getProvisioningStatus: async () => ({ systems: [{ system: 'github' as const, status: 'failed' as const }] }) },
    });
    expect(await screen.findByText('GitHub: Failed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry GitHub' })).not.toBeInTheDocument();
  });
});
