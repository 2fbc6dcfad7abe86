import { formErrorsFrom } from './serverErrors';
import { responseError } from '../__testUtils__/renderWithApis';

const FIELDS = ['title', 'code', 'name', 'description'];

describe('formErrorsFrom', () => {
  it('puts 400 field paths from details on their fields', async () => {
    const e = await responseError(400, {
      name: 'InputError',
      message: 'Invalid programme',
      details: [{ path: ['code'], message: 'Programme code must be 3 or 4 letters' }],
    });
    expect(formErrorsFrom(e, FIELDS)).toEqual({
      fields: { code: 'Programme code must be 3 or 4 letters' },
    });
  });

  it('reads a `field: message` prefix when there are no details', async () => {
    const e = await responseError(400, { name: 'InputError', message: 'title: Title is required' });
    expect(formErrorsFrom(e, FIELDS)).toEqual({ fields: { title: 'Title is required' } });
  });

  it('puts a 409 conflict on the field the message names', async () => {
    const e = await responseError(409, {
      name: 'ConflictError',
      message: "A programme with code 'FCP' already exists",
    });
    expect(formErrorsFrom(e, FIELDS)).toEqual({
      fields: { code: "A programme with code 'FCP' already exists" },
    });
  });

  it('leaves other errors for the form alert', async () => {
    const e = await responseError(403, { name: 'NotAllowedError', message: 'Not allowed' });
    expect(formErrorsFrom(e, FIELDS)).toEqual({ fields: {}, form: 'Not allowed' });
    expect(formErrorsFrom(new Error('offline'), FIELDS)).toEqual({ fields: {}, form: 'offline' });
  });

  it('ignores fields the form does not have', async () => {
    const e = await responseError(400, { name: 'InputError', message: 'programmeId: unknown programme' });
    expect(formErrorsFrom(e, FIELDS)).toEqual({ fields: {}, form: 'programmeId: unknown programme' });
  });
});
