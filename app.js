// Phusion Passenger / cPanel "Node.js app" startup file for the web process.
// Passenger intercepts listen(), so the port in the configuration does not matter there.
// The bot process runs from cron on such hosts: `npm run bot -- --for 55` every minute.
import { register } from 'tsx/esm/api';

register();
const { startWeb } = await import('./src/admin/main.ts');
const { installSignalHandlers } = await import('./src/shared/lifecycle.ts');
const { exitOnStartupError } = await import('./src/shared/runtime/fatal.ts');
try {
  const { lifecycle } = await startWeb();
  installSignalHandlers(lifecycle);
} catch (error) {
  exitOnStartupError(error);
}
