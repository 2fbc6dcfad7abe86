import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DeliveryProject } from '@adp-portal/plugin-adp-common';
import { DeliveryProjectPicker, NO_TECHNICAL_PROJECTS } from './DeliveryProjectPicker';
import { page, renderWithApis, responseError } from '../../__testUtils__/renderWithApis';
import { acd } from '../../__testUtils__/fixtures';

const grants: DeliveryProject = { ...acd, id: 'proj-grants', name: 'fcp-grants', title: 'Grants Application Service', alias: null };

/** The props the scaffolder's form (RJSF) hands a custom field. */
function fieldProps(overrides: Partial<Parameters<typeof DeliveryProjectPicker>[0]> = {}) {
  return {
    name: 'projectId',
    formData: undefined,
    onChange: jest.fn(),
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    schema: { type: 'string', title: 'Delivery project', description: 'The project the service belongs to.' },
    uiSchema: { 'ui:field': 'AdpDeliveryProjectPicker' },
    idSchema: { $id: 'root_projectId' },
    rawErrors: [],
    required: true,
    disabled: false,
    readonly: false,
    formContext: {},
    registry: {},
    ...overrides,
  } as unknown as Parameters<typeof DeliveryProjectPicker>[0];
}

describe('DeliveryProjectPicker', () => {
  it('offers only the projects the server lists for technical=true, and sets the project id (type string)', async () => {
    const api = { listProjects: jest.fn(async () => page([acd, grants])) };
    const props = fieldProps();
    await renderWithApis(<DeliveryProjectPicker {...props} />, { api });

    const input = screen.getByRole('textbox', { name: /^Delivery project/ });
    expect(screen.getByText('The project the service belongs to.')).toBeInTheDocument();
    fireEvent.mouseDown(input);
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getAllByRole('option').map(o => o.textContent)).toEqual([
      'Annual Compliance Data (fcp-annual-compliance-data)',
      'Grants Application Service (fcp-grants)',
    ]);
    fireEvent.click(within(listbox).getByRole('option', { name: 'Grants Application Service (fcp-grants)' }));

    expect(props.onChange).toHaveBeenCalledWith('proj-grants');
    expect(input).toHaveValue('Grants Application Service (fcp-grants)');
    expect(api.listProjects).toHaveBeenCalledWith({ technical: true, search: undefined, limit: 50, sort: 'title' });
  });

  it('with type object, sets the id and the label the Review step shows, and shows a chosen one by its title', async () => {
    const api = { listProjects: jest.fn(async () => page([acd, grants])), getProject: jest.fn(async () => grants) };
    const schema = { type: 'object', title: 'Delivery project' };
    const props = fieldProps({ schema } as any);
    const { unmount } = await renderWithApis(<DeliveryProjectPicker {...props} />, { api });
    fireEvent.mouseDown(screen.getByRole('textbox', { name: /^Delivery project/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Grants Application Service (fcp-grants)' }));
    expect(props.onChange).toHaveBeenCalledWith({ id: 'proj-grants', title: 'Grants Application Service (fcp-grants)' });
    unmount();

    // Going back to the step: the stored object is shown by the project's current title.
    await renderWithApis(
      <DeliveryProjectPicker {...fieldProps({ schema, formData: { id: 'proj-grants', title: 'old label' } } as any)} />,
      { api },
    );
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /^Delivery project/ })).toHaveValue('Grants Application Service (fcp-grants)'),
    );
  });

  it('explains who may create services when the user is technical on no project', async () => {
    await renderWithApis(<DeliveryProjectPicker {...fieldProps()} />, {
      api: { listProjects: jest.fn(async () => page([])) },
    });
    expect(await screen.findByText(new RegExp(`^${NO_TECHNICAL_PROJECTS}`))).toBeInTheDocument();
    expect(screen.getByText('No delivery project to choose')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /^Delivery project/ })).not.toBeInTheDocument();
  });

  it('searches the server, debounced, when the user types', async () => {
    const listProjects = jest.fn(async (query: { search?: string } = {}) =>
      query.search ? page([grants]) : page([acd, grants], 120),
    );
    await renderWithApis(<DeliveryProjectPicker {...fieldProps()} />, { api: { listProjects } });

    // More projects than one page (an ADP Admin): the hint says so.
    expect(await screen.findByText('Showing 2 of 120 projects: type to search.')).toBeInTheDocument();
    const input = screen.getByRole('textbox', { name: /^Delivery project/ });
    fireEvent.change(input, { target: { value: 'g' } });
    fireEvent.change(input, { target: { value: 'gra' } });
    fireEvent.change(input, { target: { value: 'grants' } });
    expect(await screen.findByRole('option', { name: 'Grants Application Service (fcp-grants)' })).toBeInTheDocument();
    await waitFor(() => expect(listProjects).toHaveBeenLastCalledWith(expect.objectContaining({ technical: true, search: 'grants' })));
    // The initial list, then one request for the settled term, none per keystroke.
    expect(listProjects).toHaveBeenCalledTimes(2);
  });

  it('shows an already chosen project by its title', async () => {
    const getProject = jest.fn(async () => grants);
    await renderWithApis(<DeliveryProjectPicker {...fieldProps({ formData: 'proj-grants' })} />, {
      api: { listProjects: jest.fn(async () => page([acd])), getProject },
    });
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: /^Delivery project/ })).toHaveValue('Grants Application Service (fcp-grants)'),
    );
    expect(getProject).toHaveBeenCalledWith('proj-grants');
  });

  it('shows the form validation error and a failing server', async () => {
    const { unmount } = await renderWithApis(
      <DeliveryProjectPicker {...fieldProps({ rawErrors: ["must have required property 'Delivery project'"] })} />,
      { api: { listProjects: jest.fn(async () => page([acd])) } },
    );
    expect(await screen.findByText("must have required property 'Delivery project'")).toBeInTheDocument();
    unmount();

    const failure = await responseError(503, { name: 'ServiceUnavailableError', message: 'The ADP backend is starting' });
    await renderWithApis(<DeliveryProjectPicker {...fieldProps()} />, {
      api: { listProjects: jest.fn(async () => Promise.reject(failure)) },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('The ADP backend is starting');
  });
});
