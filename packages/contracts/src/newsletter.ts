import { z } from 'zod';
import { id, isoDateTime, locale, pageQuery } from './common.ts';

/** What a subscriber can choose to hear about. */
export const newsletterTopic = z.enum(['best_practices', 'events', 'webinars']);
export type NewsletterTopic = z.infer<typeof newsletterTopic>;

const topics = z
  .array(newsletterTopic)
  .min(1)
  .max(3)
  .refine((t) => new Set(t).size === t.length, 'each topic once');

/** The public "Stay in touch" form. */
export const subscribeRequest = z.object({
  /** The address to confirm; nothing but one confirmation is ever sent to it before that. */
  email: z.email().max(254),
  /** The language of the confirmation and of every newsletter. */
  locale,
  topics,
});

/** The same answer whatever the address's state: it reveals nothing. */
export const subscribeAccepted = z.object({ status: z.literal('accepted') });

/** The token of a confirmation link (valid 7 days). */
export const confirmRequest = z.object({ token: z.string().min(10).max(300) });

/** The versioned consent wording shown next to the form and recorded with each consent. */
export const consentWording = z.object({ version: z.string(), locale, text: z.string() });

/** A signed-in user's own subscription (the portal's account card). */
export const mySubscription = z.object({
  status: z.enum(['none', 'pending', 'confirmed', 'unsubscribed', 'bounced']),
  email: z.string(),
  locale,
  topics: z.array(newsletterTopic),
});

/** Subscribes the signed-in user (their address is known, so no confirmation), or with `topics: []`, unsubscribes. */
export const updateMySubscriptionRequest = z.object({
  locale,
  topics: z.array(newsletterTopic).max(3).refine((t) => new Set(t).size === t.length, 'each topic once'),
});

/** The preferences page, opened from the signed link of a newsletter mail. */
export const preferencesQuery = z.object({ token: z.string().min(10).max(300) });
export const preferences = z.object({
  email: z.string(),
  locale,
  topics: z.array(newsletterTopic),
  subscribed: z.boolean(),
});
export const updatePreferencesRequest = z.object({
  token: z.string().min(10).max(300),
  locale,
  /** Topics to keep; `subscribed: false` (or no topic) unsubscribes from everything. */
  topics: z.array(newsletterTopic).max(3).refine((t) => new Set(t).size === t.length, 'each topic once'),
  subscribed: z.boolean(),
});

export const unsubscribeQuery = z.object({ token: z.string().min(10).max(300) });

/** Admins: one subscriber. */
export const newsletterSubscriber = z.object({
  id,
  email: z.string(),
  locale,
  topics: z.array(newsletterTopic),
  status: z.enum(['pending', 'confirmed', 'unsubscribed', 'bounced']),
  createdAt: isoDateTime,
  confirmedAt: isoDateTime.nullable(),
  unsubscribedAt: isoDateTime.nullable(),
});
export const listSubscribersQuery = pageQuery.extend({ email: z.string().max(254).optional() });

/** One consent record, as exported for the subscriber (GDPR proof of consent). */
export const consentRecord = z.object({
  action: z.enum(['subscribe', 'confirm', 'change', 'unsubscribe']),
  source: z.string(),
  at: isoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  topics: z.array(newsletterTopic),
  locale,
  wordingVersion: z.string(),
  /** The wording the person saw, in their language, as it read under that version. */
  wording: z.string().nullable(),
});
export const consentExport = z.object({ subscriber: newsletterSubscriber, records: z.array(consentRecord) });

const localized = (max: number) => z.object({ en: z.string().trim().min(1).max(max), fr: z.string().trim().min(1).max(max) });

export const createCampaignRequest = z.object({
  topic: newsletterTopic,
  subject: localized(200),
  /** Markdown; rendered and sanitised. */
  body: localized(50_000),
  /** Append the upcoming events and webinars. */
  includeEvents: z.boolean().default(false),
});
export const updateCampaignRequest = createCampaignRequest.partial().refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const sendCampaignRequest = z.object({
  /** When to send; now when left out. */
  at: isoDateTime.optional(),
});

export const campaignStats = z.object({
  recipients: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  bounced: z.number().int(),
  skipped: z.number().int(),
  pending: z.number().int(),
  /** Recipients who unsubscribed after the campaign started. */
  unsubscribedSince: z.number().int(),
});

export const campaign = z.object({
  id,
  topic: newsletterTopic,
  subject: z.object({ en: z.string(), fr: z.string() }),
  body: z.object({ en: z.string(), fr: z.string() }),
  includeEvents: z.boolean(),
  status: z.enum(['draft', 'scheduled', 'sending', 'sent']),
  scheduledAt: isoDateTime.nullable(),
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  stats: campaignStats,
});

export const campaignPreviewQuery = z.object({ locale: locale.default('en') });
export const campaignPreview = z.object({ subject: z.string(), html: z.string(), text: z.string() });

export const newsletterEventKind = z.enum(['event', 'webinar']);
export const createNewsletterEventRequest = z.object({
  kind: newsletterEventKind,
  title: localized(200),
  startsAt: isoDateTime,
  durationMinutes: z.number().int().min(5).max(7 * 24 * 60),
  registrationUrl: z.url({ protocol: /^https?$/ }).max(2000),
});
export const updateNewsletterEventRequest = createNewsletterEventRequest.partial().refine((v) => Object.keys(v).length > 0, 'nothing to change');
export const newsletterEvent = z.object({
  id,
  kind: newsletterEventKind,
  title: z.object({ en: z.string(), fr: z.string() }),
  startsAt: isoDateTime,
  durationMinutes: z.number().int(),
  registrationUrl: z.string(),
});
