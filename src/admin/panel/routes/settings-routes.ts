import { Router, type Request, type Response } from 'express';
import {
  SETTING_KEYS,
  SettingValidationError,
  parseSettingText,
  type SettingKey,
} from '../../../shared/domain/settings/setting-definitions.ts';
import { AppError } from '../../../shared/errors.ts';
import { checkbox, formBody, text, type FormBody } from '../forms/form-values.ts';
import { setFlash } from '../forms/flash.ts';
import { translator } from '../i18n/translator.ts';
import { buildSettingGroups, fieldKind } from '../view-models/settings-form.ts';
import { checkInstagramConnection } from '../instagram-check.ts';
import type { PanelDeps } from '../panel-deps.ts';
import { actorOf } from './request-helpers.ts';

/**
 * GET/POST /settings (admins): every setting through the settings service (validation, cache
 * invalidation, audit). Secrets are write-only: the field shows the masked value as placeholder,
 * an empty field keeps the stored value, the "clear" box clears it. Only changed keys are saved.
 */
export function createSettingsRoutes(deps: PanelDeps): Router {
  const router = Router();

  const show = async (req: Request, res: Response, extra: { overrides?: Partial<Record<SettingKey, string | boolean>>; errors?: Partial<Record<SettingKey, string>>; igCheck?: { status: string; text: string } } = {}, status = 200) => {
    const described = await deps.runtime.settings.describe();
    deps.pages.render(
      req,
      res,
      'settings',
      {
        title: 'settings.title',
        groups: buildSettingGroups(deps.pages.context(req, res).t, described, extra.overrides, extra.errors),
        errorCount: Object.keys(extra.errors ?? {}).length,
        igCheck: extra.igCheck ?? null,
      },
      status,
    );
  };

  router.get('/settings', (req, res) => show(req, res));

  router.post('/settings', async (req, res) => {
    const body = formBody(req);
    const current = await deps.runtime.settings.getAll();
    const { changes, errors, overrides } = readSettingsForm(body, current);
    if (Object.keys(errors).length) {
      await show(req, res, { overrides, errors }, 422);
      return;
    }
    const t = translator(deps.pages.languageOf(req, res));
    if (Object.keys(changes).length === 0) {
      setFlash(req, 'ok', t('settings.unchanged'));
      res.redirect(303, '/settings');
      return;
    }
    try {
      await deps.runtime.settings.set(changes, actorOf(req, res));
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed' && error.fields) {
        await show(req, res, { overrides, errors: error.fields as Partial<Record<SettingKey, string>> }, 422);
        return;
      }
      throw error;
    }
    setFlash(req, 'ok', t('settings.saved'));
    res.redirect(303, '/settings');
  });

  router.post('/settings/instagram-check', async (req, res) => {
    const t = translator(deps.pages.languageOf(req, res));
    const result = await checkInstagramConnection(deps.runtime.settings, deps.checkInstagram);
    const message =
      result.status === 'ok'
        ? t('settings.igCheckOk', { message: result.message })
        : result.status === 'failed'
          ? t('settings.igCheckFailed', { message: result.message })
          : result.status === 'not_configured'
            ? t('settings.igNotConfigured')
            : t('settings.igCheckUnavailable');
    await show(req, res, { igCheck: { status: result.status, text: message } });
  });

  return router;
}

interface SettingsForm {
  readonly changes: Partial<Record<SettingKey, unknown>>;
  readonly errors: Partial<Record<SettingKey, string>>;
  /** What was typed, to show back when the form has errors (never secrets). */
  readonly overrides: Partial<Record<SettingKey, string | boolean>>;
}

export function readSettingsForm(body: FormBody, current: Readonly<Record<SettingKey, unknown>>): SettingsForm {
  const changes: Partial<Record<SettingKey, unknown>> = {};
  const errors: Partial<Record<SettingKey, string>> = {};
  const overrides: Partial<Record<SettingKey, string | boolean>> = {};
  for (const key of SETTING_KEYS) {
    const kind = fieldKind(key);
    try {
      if (kind === 'secret') {
        if (checkbox(body, `${key}.clear`)) {
          if (current[key] !== '') changes[key] = '';
          continue;
        }
        const typed = text(body, key).trim();
        if (typed && typed !== current[key]) changes[key] = parseSettingText(key, typed);
        continue;
      }
      if (kind === 'boolean') {
        const value = checkbox(body, key);
        overrides[key] = value;
        if (value !== current[key]) changes[key] = value;
        continue;
      }
      const typed = text(body, key);
      overrides[key] = typed;
      const value = parseSettingText(key, typed);
      if (value !== current[key]) changes[key] = value;
    } catch (error) {
      if (error instanceof SettingValidationError) errors[key] = error.message.replace(`${key}: `, '');
      else throw error;
    }
  }
  return { changes, errors, overrides };
}
