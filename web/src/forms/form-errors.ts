import { ApiError } from '../api/client.js';

/** Errors for one form: a message per field name, plus one for the form as a whole. */
export interface FormErrors {
  fields: Record<string, string>;
  form?: string;
}

export const noErrors: FormErrors = { fields: {} };

/**
 * Places an API error next to the field it concerns. Validation details name fields by JSON pointer
 * (`/email`); `codeFields` maps error codes that concern one field (e.g. `underage` → birthDate).
 * Anything that names no field of this form shows as a form-level error.
 */
export function formErrorsOf(
  error: unknown,
  fieldNames: readonly string[],
  codeFields: Record<string, string> = {},
): FormErrors {
  if (!(error instanceof ApiError)) {
    return { fields: {}, form: 'Something went wrong. Please try again.' };
  }
  const codeField = codeFields[error.code];
  if (codeField) return { fields: { [codeField]: error.message } };
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const detail of error.fieldDetails) {
    const name = detail.path.replace(/^\//, '').split('/')[0] ?? '';
    if (fieldNames.includes(name)) fields[name] ??= capitalise(detail.message);
    else unplaced.push(detail.message);
  }
  if (Object.keys(fields).length > 0) {
    return unplaced.length > 0 ? { fields, form: error.message } : { fields };
  }
  return { fields: {}, form: error.message };
}

function capitalise(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.form !== undefined || Object.keys(errors.fields).length > 0;
}
