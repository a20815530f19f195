// The bot process as a plain JavaScript entry point: PM2's `bot` script (PM2 cannot load .ts
// entry points itself). `node bot.js --for 55` works the same as `npm run bot -- --for 55`.
import { register } from 'tsx/esm/api';

register();
const { runBotProcess } = await import('./src/bot/main.ts');
runBotProcess();
