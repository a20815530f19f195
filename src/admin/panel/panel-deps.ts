import type { Runtime } from '../../shared/runtime/create-runtime.ts';
import type { Db } from '../../shared/db/prisma-types.ts';
import type { DecideDeps } from '../../shared/domain/ads/decide-ad.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { PageRenderer } from './render/page-renderer.ts';
import type { BotAdder } from './bot-admin.ts';
import type { InstagramChecker } from './instagram-check.ts';

/** Everything the panel's routers are built from. */
export interface PanelDeps {
  readonly runtime: Runtime;
  readonly db: Db;
  readonly decide: DecideDeps;
  readonly pages: PageRenderer;
  readonly throttle: LoginThrottle;
  readonly addBot: BotAdder;
  readonly checkInstagram: InstagramChecker;
}

/** What may be injected into `createPanelRouter` (tests, and later wiring by other parts). */
export interface PanelOptions {
  readonly addBot?: BotAdder;
  readonly checkInstagram?: InstagramChecker;
  readonly throttle?: LoginThrottle;
  /** Re-read templates on every render (development). */
  readonly viewCache?: boolean;
}
