import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';

export const VIEWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views');

export interface ViewEngine {
  render(view: string, data: object): string;
}

/** Eta over src/admin/views: output escaped by default (`<%= %>`), templates compiled once. */
export function createViewEngine(options: { cache?: boolean } = {}): ViewEngine {
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: options.cache ?? true, autoTrim: [false, 'nl'] });
  return {
    render: (view, data) => eta.render(`./${view}`, data),
  };
}
