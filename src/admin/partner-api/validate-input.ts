import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';

const MAX_FIELDS = 20;
const MAX_FIELD_NAME = 100;

/** Parses `input` with `schema`, or throws 422 `validation_failed` with one message per field. */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(fieldsOf(result.error));
  return result.data;
}

/** Per-field messages of a zod error: dotted paths, `body` for the whole body, the first message per field. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  const add = (name: string, message: string) => {
    const key = name.length > MAX_FIELD_NAME ? `${name.slice(0, MAX_FIELD_NAME)}…` : name;
    if (!(key in fields) && Object.keys(fields).length < MAX_FIELDS) fields[key] = message;
  };
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, 'is not a known field');
    } else {
      add(path || 'body', issue.message);
    }
  }
  return fields;
}

/** Query parameters without the empty ones (`?cursor=&status=`): an empty parameter means "not given". */
export function withoutEmptyParams(query: unknown): Record<string, unknown> {
  if (!query || typeof query !== 'object') return {};
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

export function validationFailed(fields: Record<string, string>): AppError {
  const names = Object.keys(fields);
  const message = names.length === 1 ? `Invalid ${names[0]}: ${fields[names[0] ?? ''] ?? ''}` : `Invalid fields: ${names.join(', ')}`;
  return new AppError('validation_failed', message, { fields });
}
