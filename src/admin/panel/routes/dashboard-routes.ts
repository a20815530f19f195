import { Router } from 'express';
import { loadPulse } from '../../../shared/domain/review/pulse.ts';
import { loadDailyActivity } from '../../../shared/domain/review/daily-activity.ts';
import { listBots } from '../../../shared/domain/review/bot-admin-actions.ts';
import { isBotOnline } from '../../../shared/domain/review/bot-presence.ts';
import { parseLocalDay } from '../../../shared/domain/review/local-day.ts';
import { buildActivityChart } from '../view-models/activity-chart.ts';
import type { PanelDeps } from '../panel-deps.ts';

/** GET /: the review queue at a glance, live numbers from /api/staff/pulse (pulse.js). */
export function createDashboardRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const now = new Date();
    const [pulse, days, bots] = await Promise.all([
      loadPulse(deps.db, now),
      loadDailyActivity({ db: deps.db, provider: deps.runtime.database.provider }, 30, now),
      listBots(deps.db),
    ]);
    const { t, fmt, lang, dir } = deps.pages.context(req, res);
    const dayFormat = new Intl.DateTimeFormat(lang === 'fa' ? 'fa-IR' : 'en-GB', { day: 'numeric', month: 'short' });
    const totals = days.reduce((sum, d) => ({ rejected: sum.rejected + d.rejected, decided: sum.decided + d.approved + d.rejected + d.revision }), { rejected: 0, decided: 0 });
    const chart = buildActivityChart(days, {
      rtl: dir === 'rtl',
      number: fmt.number,
      dayLabel: (day) => dayFormat.format(parseLocalDay(day) ?? now),
      title: (d) =>
        t('dashboard.chartDay', {
          day: fmt.date(parseLocalDay(d.day)),
          submitted: fmt.number(d.submitted),
          approved: fmt.number(d.approved),
          rejected: fmt.number(d.rejected),
          revision: fmt.number(d.revision),
        }),
    });
    deps.pages.render(req, res, 'dashboard', {
      title: 'dashboard.title',
      usePulse: true,
      pulse,
      chart,
      rejectionRate: totals.decided > 0 ? totals.rejected / totals.decided : null,
      oldestPendingAge: pulse.oldestPendingAt ? fmt.duration(now.getTime() - new Date(pulse.oldestPendingAt).getTime()) : t('dashboard.nothingPending'),
      bots: bots.map((bot) => ({ ...bot, online: isBotOnline(bot.heartbeatAt, now) })),
      generatedAt: now,
    });
  });

  return router;
}
