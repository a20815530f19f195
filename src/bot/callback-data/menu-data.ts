/** Main-menu buttons (`menu:<item>`) and language buttons (`lang:<code>`): valid at any time. */
export const MENU_ITEMS = ['new', 'my', 'help', 'lang', 'home'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

export function menuData(item: MenuItem): string {
  return `menu:${item}`;
}

export const MENU_DATA_PATTERN = /^menu:(new|my|help|lang|home)$/;

export function languageData(language: 'fa' | 'en'): string {
  return `lang:${language}`;
}

export const LANGUAGE_DATA_PATTERN = /^lang:(fa|en)$/;
