import type { MessageKey } from '../i18n/en.ts';

export interface NavItem {
  readonly href: string;
  readonly label: MessageKey;
  readonly adminOnly: boolean;
}

/** The side navigation; moderators see the review part only. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'nav.dashboard', adminOnly: false },
  { href: '/ads', label: 'nav.ads', adminOnly: false },
  { href: '/deliveries', label: 'nav.deliveries', adminOnly: false },
  { href: '/queue', label: 'nav.queue', adminOnly: false },
  { href: '/bots', label: 'nav.bots', adminOnly: true },
  { href: '/categories', label: 'nav.categories', adminOnly: true },
  { href: '/partners', label: 'nav.partners', adminOnly: true },
  { href: '/staff', label: 'nav.staff', adminOnly: true },
  { href: '/settings', label: 'nav.settings', adminOnly: true },
  { href: '/broadcasts', label: 'nav.broadcasts', adminOnly: true },
  { href: '/audit', label: 'nav.audit', adminOnly: true },
  { href: '/account', label: 'nav.account', adminOnly: false },
];

export function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}
