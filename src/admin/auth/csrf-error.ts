import { AppError } from '../../shared/errors.ts';

/** A state-changing request without the session's CSRF token: 403 (JSON or a page). */
export class CsrfError extends AppError {
  constructor() {
    super('forbidden', 'Missing or invalid CSRF token; reload the page and try again');
    this.name = 'CsrfError';
  }
}
