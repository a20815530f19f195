/**
 * The paths the panel router answers. Everything else passes by untouched (no session, no
 * security headers), so routers mounted after it (media, webhooks, …) are unaffected.
 */
const PANEL_PATH = /^\/(?:login|logout|ads\.csv|ads|deliveries|queue|bots|categories|partners|staff|settings|audit|account|broadcasts|submitters|static)(?:\/|$)/;

export function isPanelPath(path: string): boolean {
  return path === '/' || PANEL_PATH.test(path) || isStaffApiPath(path);
}

export function isStaffApiPath(path: string): boolean {
  return path === '/api/staff' || path.startsWith('/api/staff/');
}
