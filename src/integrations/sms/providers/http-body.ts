/** Decoding of callback bodies: charset from Content-Type (Kannel may send UTF-16BE), JSON arrays. */
import type { IncomingHttpHeaders } from 'node:http';
import iconv from 'iconv-lite';
import { z } from 'zod';

/** Decodes a raw body with the charset named in Content-Type (default UTF-8). */
export function decodeBody(body: Buffer, headers: IncomingHttpHeaders): string {
  const type = String(headers['content-type'] ?? '');
  const m = /charset="?([\w-]+)"?/i.exec(type);
  const charset = (m?.[1] ?? 'utf-8').toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8' || !iconv.encodingExists(charset)) return body.toString('utf8');
  return iconv.decode(body, charset);
}

/** Parses a JSON body (object or array) with a zod schema; bad JSON → ZodError-like 400. */
export function parseJsonBody<T extends z.ZodType>(body: Buffer, headers: IncomingHttpHeaders, schema: T): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(decodeBody(body, headers));
  } catch {
    value = undefined;
  }
  return schema.parse(value);
}

/** Shanghai wall-clock "2017-01-01 00:00:00" → Date (providers report China time). */
export function parseChinaTime(s: string | undefined, fallback: Date): Date {
  if (!s) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return fallback;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
}
