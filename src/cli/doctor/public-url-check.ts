import type { DoctorCheck } from './doctor-check.ts';

export const publicBaseUrlCheck: DoctorCheck = {
  name: 'public base URL',
  async run({ config, settings }) {
    const url = (await settings.get('site.publicBaseUrl')) || config.publicBaseUrl;
    const parsed = new URL(url);
    const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(parsed.hostname);
    if (parsed.protocol !== 'https:' || local) {
      return { ok: true, level: 'warn', detail: `${url}: webhooks and Instagram need a public HTTPS URL` };
    }
    return { ok: true, detail: url };
  },
};
