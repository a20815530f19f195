import { Router } from 'express';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';

/** The partner HTTP API under /api/v1 (CONTRACT.md §3). */
export function createPartnerApiRouter(_runtime: Runtime): Router {
  return Router();
}
