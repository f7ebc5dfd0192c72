import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser's own zone. */
export const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The zone every time is shown in: the person's own setting once signed in, else the browser's.
 * A live binding: the shell sets it from the profile before the pages render.
 */
export let viewerZone = browserZone;

export function setViewerZone(zone: string | null | undefined) {
  viewerZone = zone || browserZone;
}

/** Every IANA zone the browser knows, for the profile's picker. */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [browserZone];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

function locale(lang: string) {
  return lang === 'fr' ? 'fr-FR' : 'en-GB';
}

/** "Mon 30 Nov, 08:00 EST": an instant in the viewer's zone, zone abbreviated. */
export function formatInstant(iso: string, lang: string, timeZone = viewerZone): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone }).format(new Date(iso));
}

/** A date alone, "30 Nov 2026". */
export function formatDate(isoDate: string, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** An instant in the viewer's zone; hovering names the zone in full. */
export function Time({ at }: { at: string }) {
  const { i18n } = useTranslation();
  return (
    <time dateTime={at} title={viewerZone}>
      {formatInstant(at, i18n.language)}
    </time>
  );
}

/**
 * A duration in words: "3 business hours", "45 minutes", "2 days". Business minutes count only
 * the region's working hours, so they say so.
 */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number, business: boolean) => {
    const m = Math.max(0, Math.round(Math.abs(minutes)));
    const kind = business ? 'business' : 'wall';
    if (m < 60) return t(`duration.${kind}.minutes`, { count: m });
    if (m < 48 * 60 || business) return t(`duration.${kind}.hours`, { count: Math.round(m / 6) / 10 });
    return t(`duration.${kind}.days`, { count: Math.round(m / 1440) });
  };
}

/** The current time, refreshed every `everyMs`: for words such as "in 45 min" that age. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A wall-clock span in short words: "45 min", "3 h 10 min", "64 d 3 h". */
function spanWords(t: TFunction, minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  if (d > 0) return h > 0 ? t('teamday.span.daysHours', { d, h }) : t('teamday.span.days', { d });
  if (h > 0) return rest > 0 ? t('teamday.span.hoursMinutes', { h, m: rest }) : t('teamday.span.hours', { h });
  return t('teamday.span.minutes', { m: rest });
}

/** A due time against now in wall-clock words: "in 45 min", "overdue by 3 h 10 min", "overdue by 64 d 3 h". */
export function useDueWords() {
  const { t } = useTranslation();
  const now = useNow();
  return (dueAt: string) => {
    const minutes = Math.round((new Date(dueAt).getTime() - now) / 60_000);
    const span = spanWords(t, minutes);
    return minutes < 0 ? t('teamday.overdueBy', { span }) : t('teamday.dueIn', { span });
  };
}

/** How long ago an instant was, in short words: `ago` gives "2 h ago", `age` "6 d 2 h" (a case's age). */
export function useSinceWords() {
  const { t } = useTranslation();
  const now = useNow();
  const minutes = (at: string) => Math.max(0, (now - new Date(at).getTime()) / 60_000);
  return {
    ago: (at: string) => t('teamday.ago', { span: spanWords(t, minutes(at)) }),
    age: (at: string) => spanWords(t, minutes(at)),
  };
}
