import type { clockPause } from '@casebook/contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { useTranslation } from 'react-i18next';
import type { HoldReason, SupportCase } from '../api/types.ts';
import { formatInstant, useDuration } from '../ui/time.tsx';

type Sla = SupportCase['sla']['firstResponse'];
export type ClockSpan = z.infer<typeof clockPause>;

/**
 * The first-response clock in plain words: what it measures, when it is due in the reader's zone,
 * how much business time is left, and why it is paused.
 */
export function SlaLine({ sla, staff }: { sla: Sla; staff: boolean }) {
  const { t, i18n } = useTranslation();
  const duration = useDuration();
  const business = sla.clock === 'business';
  const left = sla.targetMinutes - sla.businessMinutesElapsed;
  const due = formatInstant(sla.dueAt, i18n.language);
  let text: string;
  // How far past the target, in the clock's own time (business minutes on a business clock).
  const late = duration(Math.max(0, sla.businessMinutesElapsed - sla.targetMinutes), business);
  if (sla.state === 'met') text = t('sla.met', { at: formatInstant(sla.metAt ?? sla.dueAt, i18n.language) });
  else if (sla.state === 'breached' && sla.metAt) text = t('sla.answeredLate', { at: formatInstant(sla.metAt, i18n.language), late });
  else if (sla.state === 'breached') text = t('sla.breached', { at: formatInstant(sla.breachedAt ?? sla.dueAt, i18n.language), late });
  else if (sla.state === 'paused') text = t('sla.paused', { why: pausedWhy(sla.pausedReason, staff, t), left: duration(left, business) });
  else text = t('sla.running', { at: due, left: duration(left, business) });
  return (
    <p className={`sla ${sla.state}`} data-testid="sla-line">
      <strong>{t('sla.firstResponse')}</strong> {text}{' '}
      <span className="muted">
        ({t(business ? 'sla.businessClock' : 'sla.allHoursClock', { target: duration(sla.targetMinutes, business) })})
      </span>
    </p>
  );
}

function pausedWhy(reason: string | undefined, staff: boolean, t: TFunction): string {
  if (reason === 'waiting_on_customer') return staff ? t('sla.pausedWaitingOnCustomer') : t('sla.pausedWaitingOnYou');
  if (reason === 'maintenance_lapsed') return t('sla.pausedLapsed');
  if (reason && reason !== 'on_hold') return t('sla.pausedHold', { reason: t(`${staff ? 'holdReasonStaff' : 'holdReason'}.${reason as HoldReason}`, { defaultValue: reason }) });
  return t('sla.pausedOnHold');
}

/**
 * A thin bar from the moment the case arrived to now (or to the first response): running time
 * solid, paused spans hatched, the due time marked.
 */
export function SlaTimeline({ receivedAt, sla, spans, now = new Date() }: { receivedAt: string; sla: Sla; spans: ClockSpan[]; now?: Date }) {
  const { t, i18n } = useTranslation();
  const start = new Date(receivedAt).getTime();
  const end = sla.metAt ? new Date(sla.metAt).getTime() : Math.max(now.getTime(), sla.state === 'running' ? new Date(sla.dueAt).getTime() : now.getTime());
  const total = Math.max(1, end - start);
  const pct = (ms: number) => `${(Math.min(Math.max(ms - start, 0), total) / total) * 100}%`;
  const until = sla.metAt ? new Date(sla.metAt).getTime() : now.getTime();
  const label = spans.length
    ? t('sla.timelineWithPauses', { count: spans.length, from: formatInstant(receivedAt, i18n.language) })
    : t('sla.timeline', { from: formatInstant(receivedAt, i18n.language) });
  return (
    <>
    <div className="timeline" role="img" aria-label={label}>
      <div className="run" style={{ left: 0, width: pct(until) }} />
      {spans.map((s) => {
        const from = new Date(s.from).getTime();
        const to = s.to ? new Date(s.to).getTime() : until;
        return <div key={s.from} className="pause" style={{ left: pct(from), width: `calc(${pct(to)} - ${pct(from)})` }} title={`${formatInstant(s.from, i18n.language)} – ${s.to ? formatInstant(s.to, i18n.language) : '…'}`} />;
      })}
      {sla.state !== 'met' && <div className="due" style={{ left: pct(new Date(sla.dueAt).getTime()) }} title={formatInstant(sla.dueAt, i18n.language)} />}
    </div>
    <p className="timeline-labels" aria-hidden="true">
      <span>{t('sla.receivedAt', { at: formatInstant(receivedAt, i18n.language) })}</span>
      <span>
        {sla.metAt
          ? t('sla.answeredAt', { at: formatInstant(sla.metAt, i18n.language) })
          : sla.state === 'running' && new Date(sla.dueAt).getTime() > now.getTime()
            ? t('sla.dueAt', { at: formatInstant(sla.dueAt, i18n.language) })
            : t('sla.now')}
      </span>
    </p>
    </>
  );
}
