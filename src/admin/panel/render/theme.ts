import type { Request } from 'express';

export type Theme = 'auto' | 'light' | 'dark';

/** The theme chosen with the toggle (a cookie set by /static/panel.js); `auto` follows the system. */
export function themeOf(req: Request): Theme {
  const match = /(?:^|;\s*)agahi\.theme=(auto|light|dark)(?:;|$)/.exec(req.headers.cookie ?? '');
  return (match?.[1] as Theme | undefined) ?? 'auto';
}
