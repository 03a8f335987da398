/**
 * HTTP errors in one place: handlers throw HttpError (or a ZodError via validate), and the
 * error middleware turns it into a JSON response with the right status.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** `{ error, details? }`; 4xx messages are for the client, 5xx are generic. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: err.message, ...(err.details !== undefined ? { details: err.details } : {}) });
      return;
    }
    if (err instanceof z.ZodError) {
      res.status(400).json({ error: '请求内容不正确', details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      return;
    }
    // body-parser errors carry a status and a type.
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json({ error: '请求不是有效的 JSON' });
      return;
    }
    if (err?.type === 'entity.too.large') {
      res.status(413).json({ error: '请求内容太大' });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: err.message ?? 'Bad request' });
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: '服务器内部错误' });
  };
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `Not found: ${req.method} ${req.path}` });
};
