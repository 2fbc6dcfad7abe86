import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ProgrammeFormDialog } from './ProgrammeFormDialog';
import { page, renderWithApis, responseError } from '../../__testUtils__/renderWithApis';
import { fcp, rpa } from '../../__testUtils__/fixtures';

const fill = (dialog: HTMLElement, label: RegExp, value: string) =>
  fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });

async function openCreate(createProgramme: jest.Mock, onSaved = jest.fn()) {
  await renderWithApis(
    <ProgrammeFormDialog open albId={rpa.id} onClose={jest.fn()} onSaved={onSaved} />,
    { api: { listAlbs: async () => page([rpa]), createProgramme } },
  );
  const dialog = await screen.findByRole('dialog', { name: 'Create delivery programme' });
  await within(dialog).findByRole('option', { name: rpa.title });
  return dialog;
}

describe('ProgrammeFormDialog', () => {
  it('validates with the shared schema before sending anything', async () => {
    const createProgramme = jest.fn();
    const dialog = await openCreate(createProgramme);
    fill(dialog, /^Programme code/, 'TOOLONG');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Title is required')).toBeInTheDocument();
    expect(within(dialog).getByText('Programme code must be 3 or 4 letters')).toBeInTheDocument();
    expect(within(dialog).getByText('Description is required')).toBeInTheDocument();
    expect(createProgramme).not.toHaveBeenCalled();
  });

  it('sends the parsed payload and reports the saved programme', async () => {
    const createProgramme = jest.fn(async () => fcp);
    const onSaved = jest.fn();
    const dialog = await openCreate(createProgramme, onSaved);
    fill(dialog, /^Title/, 'Farming and Countryside Programme');
    fill(dialog, /^Programme code/, 'fcp');
    fill(dialog, /^Description/, 'Farming');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(fcp));
    expect(createProgramme).toHaveBeenCalledWith(
      expect.objectContaining({ albId: rpa.id, code: 'FCP', title: 'Farming and Countryside Programme' }),
    );
  });

  it('shows a 409 conflict on the code field', async () => {
    const conflict = await responseError(409, { name: 'ConflictError', message: 'Programme code FCP is already in use' });
    const dialog = await openCreate(jest.fn(async () => Promise.reject(conflict)));
    fill(dialog, /^Title/, 'Another');
    fill(dialog, /^Programme code/, 'FCP');
    fill(dialog, /^Description/, 'x');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    const message = await within(dialog).findByText('Programme code FCP is already in use');
    expect(within(dialog).getByLabelText(/^Programme code/)).toHaveAttribute('aria-invalid', 'true');
    expect(message.id).toBe('adp-field-code-helper-text');
  });

  it('shows a 400 field error on its field and other errors in an alert', async () => {
    const invalid = await responseError(400, {
      name: 'InputError',
      message: 'Invalid request',
      details: [{ path: ['title'], message: 'Title is taken in this ALB' }],
    });
    const denied = await responseError(403, { name: 'NotAllowedError', message: 'You may not create programmes' });
    const createProgramme = jest.fn().mockRejectedValueOnce(invalid).mockRejectedValueOnce(denied);
    const dialog = await openCreate(createProgramme);
    fill(dialog, /^Title/, 'Taken');
    fill(dialog, /^Programme code/, 'ABC');
    fill(dialog, /^Description/, 'x');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('Title is taken in this ALB')).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You may not create programmes');
  });
});
