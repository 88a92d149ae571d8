import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { badInput } from './app-error.js';

function firstProblem(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const message = error.constraints ? Object.values(error.constraints)[0] : undefined;
    if (message) return { field, message: message.replace(new RegExp(`^${error.property}\\s*`), '') };
    const nested = firstProblem(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

// NUL, which PostgreSQL cannot store in text or jsonb, and an unpaired UTF-16 surrogate, which is no
// Unicode text at all (it cannot be encoded as UTF-8, and breaks jsonb and URI encoding).
const ILL_FORMED = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string in `value` (plain data: strings, arrays, plain objects) that is not storable text, or null. */
function illFormedTextAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return ILL_FORMED.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = illFormedTextAt(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * class-validator on every GraphQL input; the error names the field (`extensions.field`). Before
 * that, any string argument holding a NUL or an unpaired surrogate is refused as BAD_USER_INPUT:
 * it would otherwise fail in the database or an encoder as an internal error.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom decorators (the request's auth, the context) carry no client input.
    const found = metadata.type === 'custom' ? null : illFormedTextAt(value);
    if (found) {
      const field = found.length > 0 ? found.join('.') : (metadata.data ?? 'input');
      throw badInput(field, 'must be text without NUL characters or unpaired surrogates');
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = new InputValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const problem = firstProblem(errors) ?? { field: 'input', message: 'is invalid' };
    return badInput(problem.field, problem.message);
  },
});
