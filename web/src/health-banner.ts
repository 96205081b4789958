/**
 * The banner a degraded server shows above everything: what is broken, what it means and the fix, as
 * GET /api/health says them (the server's words, not translated). Hidden when the server is healthy.
 */
import type { HealthInfo } from './api.ts';
import { el, replaceChildren } from './dom.ts';
import { t } from './i18n.ts';

let banner: HTMLElement | null = null;

/** Shows (or hides) the health banner for `health`. */
export function showHealthProblems(health: HealthInfo): void {
  if (health.problems.length === 0) {
    if (banner) banner.hidden = true;
    return;
  }
  if (!banner) {
    banner = el('div', { class: 'health-banner', role: 'alert', 'data-testid': 'health-banner' });
    document.body.prepend(banner);
  }
  banner.hidden = false;
  banner.dataset.status = health.status;
  replaceChildren(
    banner,
    el('strong', {}, t(health.status === 'unavailable' ? 'health.unavailable' : 'health.degraded')),
    el(
      'ul',
      {},
      ...health.problems.map((p) => el('li', { 'data-code': p.code }, `${p.what} ${p.means} `, el('span', { class: 'health-fix' }, `${t('health.fix')} ${p.fix}`))),
    ),
  );
}
