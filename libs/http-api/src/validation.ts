import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * Strict body validation: unknown properties are refused (not silently dropped), and the error names every
 * offending field by its JSON path.
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) =>
      new BadRequestException({ code: 'validation_failed', message: 'the request has invalid fields', details: flatten(errors) }),
  });
}

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.includes('should not exist') ? `unknown property ${field}` : message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
