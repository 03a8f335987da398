/** zod validation of request bodies and queries; a failure becomes a 400 with details. */
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpError } from './errors.js';

function check<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(
      400,
      `${what}不正确：${result.error.issues.map((i) => `${i.path.join('.') || what} ${i.message}`).join('；')}`,
      result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}

/** Parses `req.body` with `schema` (400 on failure). */
export function parseBody<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
    throw new HttpError(400, '请求内容必须是 JSON 对象');
  }
  return check(schema, req.body, '请求内容');
}

/** Parses `req.query` with `schema` (400 on failure). */
export function parseQuery<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  return check(schema, req.query, '查询参数');
}
