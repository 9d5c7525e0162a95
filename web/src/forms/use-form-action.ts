import { type FormEvent, useCallback, useState } from 'react';
import { type FormErrors, formErrorsOf, hasErrors, noErrors } from './form-errors.js';

export interface FormActionOptions {
  /** The form's field names, so validation details can be placed next to them. */
  fields: readonly string[];
  /** Error codes that concern one field, e.g. `{ underage: 'birthDate' }`. */
  codeFields?: Record<string, string>;
  /** Client-side checks run before the request; return errors to stop. */
  validate?: () => FormErrors;
}

/**
 * Submit handling shared by every form: prevents the native submit, runs local checks, tracks
 * `busy`, and turns a thrown API error into messages next to the fields they concern.
 */
export function useFormAction(options: FormActionOptions) {
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [isBusy, setBusy] = useState(false);
  const { fields, codeFields, validate } = options;

  const submit = useCallback(
    (action: () => Promise<void>) => async (event?: FormEvent) => {
      event?.preventDefault();
      const local = validate?.() ?? noErrors;
      setErrors(local);
      if (hasErrors(local)) return;
      setBusy(true);
      try {
        await action();
      } catch (error) {
        setErrors(formErrorsOf(error, fields, codeFields));
      } finally {
        setBusy(false);
      }
    },
    [fields, codeFields, validate],
  );

  return { errors, setErrors, isBusy, submit };
}
