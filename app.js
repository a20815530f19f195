// The web process as a plain JavaScript entry point: the Phusion Passenger / cPanel "Node.js app"
// startup file, and PM2's `web` script (PM2 cannot load .ts entry points itself). Passenger
// intercepts listen(), so the configured port does not matter there. On such hosts the bot
// process runs from cron: `npm run bot -- --for 55` every minute.
import { register } from 'tsx/esm/api';

register();
const { runWebProcess } = await import('./src/admin/main.ts');
runWebProcess();
