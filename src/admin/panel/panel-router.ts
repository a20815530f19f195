import { Router } from 'express';
import type { Runtime } from '../../shared/runtime/create-runtime.ts';

/** The admin panel pages and the staff JSON API (CONTRACT.md §3). */
export function createPanelRouter(_runtime: Runtime): Router {
  return Router();
}
