import { Router } from 'express';
import type { Database } from '../../shared/db/create-db.ts';

/** GET /healthz: CONTRACT.md §3. */
export function createHealthRouter(deps: { database: Database; version: string }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await deps.database.db.$queryRawUnsafe('SELECT 1');
      const journalMode = await deps.database.journalMode();
      res.json({ status: 'ok', db: 'ok', journalMode, version: deps.version });
    } catch {
      res.status(503).json({ status: 'degraded', db: 'unreachable', journalMode: null, version: deps.version });
    }
  });
  return router;
}
