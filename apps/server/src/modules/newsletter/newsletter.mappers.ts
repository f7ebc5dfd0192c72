import type { NewsletterTopic } from '@casebook/contracts';
import type { NewsletterCampaignRow, NewsletterConsentRow, NewsletterEventRow, NewsletterSubscriberRow } from '../../db/schema.ts';
import { CONSENT_VERSIONS } from './newsletter.texts.ts';

export const topicsOf = (json: string | null): NewsletterTopic[] => (json ? (JSON.parse(json) as NewsletterTopic[]) : []);

export function toSubscriber(s: NewsletterSubscriberRow) {
  return { id: s.id, email: s.email, locale: s.locale, topics: topicsOf(s.topics), status: s.status, createdAt: s.created_at, confirmedAt: s.confirmed_at, unsubscribedAt: s.unsubscribed_at };
}

export function toConsentRecord(c: NewsletterConsentRow) {
  return {
    action: c.action,
    source: c.source,
    at: c.at,
    ip: c.ip,
    userAgent: c.user_agent,
    topics: topicsOf(c.topics),
    locale: c.locale,
    wordingVersion: c.wording_version,
    wording: CONSENT_VERSIONS[c.wording_version]?.[c.locale] ?? null,
  };
}

export function toEvent(e: NewsletterEventRow) {
  return { id: e.id, kind: e.kind, title: { en: e.title_en, fr: e.title_fr }, startsAt: e.starts_at, durationMinutes: e.duration_minutes, registrationUrl: e.registration_url };
}

export function toCampaignCore(c: NewsletterCampaignRow) {
  return {
    id: c.id,
    topic: c.topic,
    subject: { en: c.subject_en, fr: c.subject_fr },
    body: { en: c.body_en, fr: c.body_fr },
    includeEvents: c.include_events === 1,
    status: c.status,
    scheduledAt: c.scheduled_at,
    startedAt: c.started_at,
    finishedAt: c.finished_at,
    createdAt: c.created_at,
  };
}
