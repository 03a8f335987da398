/**
 * Serves the staff console (a static single-page app built by `npm run build:console` into
 * dist/admin) at /admin. Hashed assets are cached for a year; index.html is never cached, so a
 * new build is picked up at once. Every /admin/* path that is not a file gets index.html (the
 * app's own routes).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export function consoleStaticRoutes(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use('/admin/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.get(['/admin', '/admin/{*rest}'], (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('管理后台尚未构建：请运行 npm run build:console（npm install 会自动构建）');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
