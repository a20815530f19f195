import { Router } from 'express';
import { changeOwnPassword, isStaffLanguage, setStaffLanguage } from '../../../shared/domain/staff/staff-admin.ts';
import { currentStaff } from '../../auth/current-staff.ts';
import { formBody, text } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf, flashingErrors, redirectBack } from './request-helpers.ts';

/** /account: the own panel language (fa/en) and password. */
export function createAccountRoutes(deps: PanelDeps): Router {
  const router = Router();

  router.get('/account', (req, res) => {
    deps.pages.render(req, res, 'account', { title: 'account.title' });
  });

  router.post('/account/language', async (req, res) => {
    const language = text(formBody(req), 'language');
    if (isStaffLanguage(language)) {
      await setStaffLanguage(deps.db, currentStaff(res).id, language);
      setFlash(req, 'ok', translator(language)('account.languageChanged'));
    }
    redirectBack(req, res, '/');
  });

  router.post('/account/password', async (req, res) => {
    const body = formBody(req);
    const t = translator(deps.pages.languageOf(req, res));
    if (text(body, 'next') !== text(body, 'repeat')) {
      setFlash(req, 'error', t('account.mismatch'));
    } else {
      const { ok } = await flashingErrors(req, () =>
        changeOwnPassword(deps.db, currentStaff(res).id, { current: text(body, 'current'), next: text(body, 'next'), keepSessionId: req.sessionID }, actorOf(req, res)),
      );
      if (ok) setFlash(req, 'ok', t('account.passwordChanged'));
    }
    res.redirect(303, '/account');
  });

  return router;
}
