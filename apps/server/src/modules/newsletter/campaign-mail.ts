import type { Locale } from '@casebook/contracts';
import { renderMarkdown } from '../../adapters/markdown.ts';
import type { NewsletterCampaignRow, NewsletterEventRow } from '../../db/schema.ts';
import { escapeHtml } from '../notifications/notification-mail.content.ts';
import { when as instantInWords } from '../notifications/notification.texts.ts';
import { newsletterTexts, topicNames } from './newsletter.texts.ts';

export interface CampaignContent {
  subject: string;
  html: string;
  text: string;
}

/** The part of a campaign's mail that is the same for every reader of one language: rendered once per batch. */
export function campaignBody(c: NewsletterCampaignRow, locale: Locale, events: NewsletterEventRow[]): { subject: string; html: string; text: string } {
  const t = newsletterTexts[locale];
  const source = locale === 'fr' ? c.body_fr : c.body_en;
  let html = renderMarkdown(source);
  let text = source.trim();
  if (c.include_events === 1 && events.length) {
    // Subscribers have no time zone of their own: times are in UTC, named, in the reader's words.
    const when = (e: NewsletterEventRow) => `${instantInWords(new Date(e.starts_at).toISOString(), { locale, timeZone: 'UTC' })} (${t.minutes(e.duration_minutes)})`;
    const title = (e: NewsletterEventRow) => (locale === 'fr' ? e.title_fr : e.title_en);
    html += `<h2>${escapeHtml(t.events)}</h2><ul>${events.map((e) => `<li><strong>${escapeHtml(title(e))}</strong>, ${escapeHtml(when(e))}: <a href="${escapeHtml(e.registration_url)}">${escapeHtml(t.register)}</a></li>`).join('')}</ul>`;
    text += `\n\n${t.events}\n${events.map((e) => `- ${title(e)}, ${when(e)}: ${e.registration_url}`).join('\n')}`;
  }
  return { subject: locale === 'fr' ? c.subject_fr : c.subject_en, html, text };
}

/** Adds the plain footer: who sends it, why the reader gets it, and their preferences link. */
export function withFooter(body: { subject: string; html: string; text: string }, c: Pick<NewsletterCampaignRow, 'topic'>, locale: Locale, sender: string, preferencesUrl: string): CampaignContent {
  // "Casebook Support <support@…>" names itself by its display name; a bare address stands as it is.
  const name = sender.replace(/\s*<[^>]*>\s*$/, '').replace(/^"|"$/g, '') || sender;
  const footer = newsletterTexts[locale].footer(name, topicNames[locale][c.topic], preferencesUrl);
  const footerHtml = footer
    .split('\n')
    .map((line) => escapeHtml(line).replace(escapeHtml(preferencesUrl), `<a href="${escapeHtml(preferencesUrl)}">${escapeHtml(preferencesUrl)}</a>`))
    .join('<br>');
  return {
    subject: body.subject,
    text: `${body.text}\n\n-- \n${footer}\n`,
    html: `<!doctype html><html lang="${locale}"><body>${body.html}<hr><p style="font-size:12px;color:#555">${footerHtml}</p></body></html>`,
  };
}
