import { useTranslation } from 'react-i18next';
import type { PageDelivery, PageRecord } from '../api/types.ts';
import { Time } from './time.tsx';

const CHANNEL_ORDER: PageDelivery['channel'][] = ['pagerduty', 'webhook', 'email', 'in_app'];

/** Whether anyone still has to take the page: not acknowledged, not resolved by a reply. */
export const isOpenPage = (p: Pick<PageRecord, 'acknowledgedAt' | 'resolvedAt'>) => !p.acknowledgedAt && !p.resolvedAt;

/**
 * A page's story in words, one clause per step: "Paged Eve Stone 03:02 by PagerDuty and email;
 * escalated to Sam Lee 03:12; acknowledged by Sam Lee 03:13; resolved 03:20". Each round is read
 * from the trigger deliveries it made: whom they reached, by which channels, and when.
 */
export function PageStory({ page }: { page: PageRecord }) {
  const { t, i18n } = useTranslation();
  const list = (items: string[]) => new Intl.ListFormat(i18n.language === 'fr' ? 'fr-FR' : 'en-GB', { type: 'conjunction' }).format(items);
  const triggers = page.deliveries.filter((d) => d.action === 'trigger');
  const rounds = [...new Set([page.round, ...triggers.map((d) => d.round)])].sort((a, b) => a - b).filter((r) => r <= page.round);
  const steps = rounds.map((round) => {
    const ds = triggers.filter((d) => d.round === round);
    const names = [...new Set(ds.flatMap((d) => (d.user ? [d.user.name] : [])))];
    const who = names.length ? list(names) : round === 1 && page.engineer ? page.engineer.name : t('pages.nobodyNamed');
    const channels = CHANNEL_ORDER.filter((c) => ds.some((d) => d.channel === c)).map((c) => t(`pages.by.${c}`));
    const at = round === 1 ? page.createdAt : (ds.map((d) => d.createdAt).sort()[0] ?? page.createdAt);
    return { key: `r${round}`, text: round === 1 ? t('pages.paged', { who }) : t('pages.escalated', { who }), at, channels };
  });
  return (
    <>
      {steps.map((s, i) => (
        <span key={s.key}>
          {i > 0 && t('pages.then')}
          {s.text} <Time at={s.at} />
          {s.channels.length > 0 && ` ${t('pages.byChannels', { channels: list(s.channels) })}`}
        </span>
      ))}
      {page.acknowledgedAt && (
        <span>
          {t('pages.then')}
          {page.acknowledgedBy ? t('pages.acknowledgedBy', { name: page.acknowledgedBy.name }) : t('pages.acknowledged')} <Time at={page.acknowledgedAt} />
        </span>
      )}
      {page.resolvedAt && (
        <span>
          {t('pages.then')}
          {t('pages.resolved')} <Time at={page.resolvedAt} />
        </span>
      )}
    </>
  );
}
