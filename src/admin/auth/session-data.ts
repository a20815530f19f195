import 'express-session';

/** What the panel keeps in a staff session (StaffSession.data). Never a secret. */
declare module 'express-session' {
  interface SessionData {
    /** Set at login; the account is re-read on every request (role and active flag apply at once). */
    staffUserId?: number;
    /** Language chosen on the login page, before anyone is logged in. */
    language?: 'fa' | 'en';
    /** A one-time message shown on the next page (after a redirect). */
    flash?: { kind: 'ok' | 'error'; text: string };
  }
}

export {};
