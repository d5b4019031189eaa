import { randomBytes } from 'node:crypto';

/**
 * multipart/form-data with text fields only, as Inbound Parse posts a message without attachments (RFC 7578).
 * Field values are UTF-8; the boundary is random so no value can contain it by accident.
 */
export function encodeMultipart(fields: ReadonlyArray<readonly [name: string, value: string]>): { body: Buffer; contentType: string } {
  const boundary = `xYzZY${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"\r\n\r\n`, 'utf8'));
    parts.push(Buffer.from(value, 'utf8'));
    parts.push(Buffer.from('\r\n', 'utf8'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
