import { useCallback, useState } from 'react';
import { ZodTypeAny, z } from 'zod';
import { formErrorsFrom } from '../../lib/serverErrors';
import { validate } from '../../lib/validate';

/**
 * Values, errors and submission of a dialog form: validates with the shared schema,
 * then maps what the server refuses back onto the fields.
 */
export function useFormState<V extends Record<string, string>>(initial: V) {
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);

  const setValue = useCallback((name: string, value: string) => {
    setValues(v => ({ ...v, [name]: value }));
    setErrors(e => {
      if (!e[name]) return e;
      const { [name]: _removed, ...rest } = e;
      return rest;
    });
  }, []);

  const reset = useCallback((next: V) => {
    setValues(next);
    setErrors({});
    setFormError(undefined);
  }, []);

  async function submit<S extends ZodTypeAny, R>(
    schema: S,
    payload: unknown,
    send: (data: z.output<S>) => Promise<R>,
  ): Promise<R | undefined> {
    setFormError(undefined);
    const checked = validate(schema, payload);
    if (!checked.ok) {
      const { _form, ...fields } = checked.fields;
      setErrors(fields);
      setFormError(_form);
      return undefined;
    }
    setErrors({});
    setSubmitting(true);
    try {
      return await send(checked.data);
    } catch (e) {
      const mapped = formErrorsFrom(e, Object.keys(values));
      setErrors(mapped.fields);
      setFormError(mapped.form);
      return undefined;
    } finally {
      setSubmitting(false);
    }
  }

  return { values, errors, formError, submitting, setValue, reset, submit };
}
