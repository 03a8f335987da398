import { Router } from 'express';

/** Readiness: migrations applied and knowledge base loaded. */
export interface Readiness {
  ready(): boolean;
}

export function healthRoutes(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    if (readiness.ready()) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'starting' });
  });
  return router;
}
