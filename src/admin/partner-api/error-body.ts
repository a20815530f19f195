import type { Response } from 'express';

/**
 * Writes CONTRACT.md §3's error shape for a status the shared AppError codes do not cover
 * (415 for a body that is not JSON). Everything else goes through AppError and the app's
 * error handler.
 */
export function sendErrorBody(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
