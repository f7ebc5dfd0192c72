import type { Locale } from '@casebook/contracts';
import { escapeHtml } from '../notifications/notification-mail.content.ts';
import { newsletterTexts } from './newsletter.texts.ts';

/**
 * The page behind the List-Unsubscribe URL, served by the server itself (no script needed): a GET
 * only shows a button, because link scanners follow links; the button POSTs the RFC 8058 body.
 */
export function unsubscribePage(locale: Locale, state: { kind: 'ask'; email: string; action: string; preferencesUrl: string } | { kind: 'done'; email: string; preferencesUrl: string } | { kind: 'invalid' }): string {
  const t = newsletterTexts[locale];
  const body =
    state.kind === 'invalid'
      ? `<p>${escapeHtml(t.pageInvalid)}</p>`
      : state.kind === 'ask'
        ? `<p>${escapeHtml(t.pageAsk(state.email))}</p><form method="post" action="${escapeHtml(state.action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(t.pageButton)}</button></form><p><a href="${escapeHtml(state.preferencesUrl)}">${escapeHtml(t.pagePreferences)}</a></p>`
        : `<p role="status">${escapeHtml(t.pageDone(state.email))}</p>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.pageTitle)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}a{color:#1d4ed8}</style></head><body><main><h1>${escapeHtml(t.pageTitle)}</h1>${body}</main></body></html>`;
}
