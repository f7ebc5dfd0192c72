import { formatBytes, holdReasons } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import type { CaseEvent, CaseStatus, Comment, HoldReason, Priority, SupportCase } from '../api/types.ts';
import { Time } from '../ui/time.tsx';

/** A hold reason the texts name (the staff's picker, a lapse), rather than a reason written by hand. */
const holdReasonCodes: ReadonlySet<string> = new Set(holdReasons);

type Entry = { at: string; comment: Comment; event?: never } | { at: string; event: CaseEvent; comment?: never };

/**
 * The conversation, oldest first and newest at the bottom. Staff replies are marked as support;
 * internal notes sit on a tinted background with an "Internal" label so nobody mistakes them for
 * something the customer can read. Status and priority changes sit between them as one line in
 * words, with their reason.
 */
export function Thread({ supportCase, comments, events, staff }: { supportCase: SupportCase; comments: Comment[]; events: CaseEvent[]; staff: boolean }) {
  const { t, i18n } = useTranslation();
  const entries: Entry[] = [...comments.map((comment) => ({ at: comment.createdAt, comment })), ...events.map((event) => ({ at: event.createdAt, event }))].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
  );
  // The contract carries `from` and `to` as plain strings (a status or a priority, by `kind`); an unknown one shows as sent.
  const word = (e: CaseEvent, value: string) =>
    e.kind === 'bundle_uploaded'
      ? value === e.to
        ? formatBytes(Number(value), i18n.language)
        : value
      : e.kind === 'priority_changed'
      ? t(`priority.${value as Priority}`, { defaultValue: value })
      : t(`${staff ? 'staffStatus' : 'status'}.${value as CaseStatus}`, { defaultValue: value });
  return (
    <ol className="thread" aria-label={t('thread')}>
      <li className="entry">
        <header>
          <strong>{supportCase.contact?.name ?? supportCase.organizationName}</strong> · <Time at={supportCase.receivedAt} />
        </header>
        <p className="description">{supportCase.description}</p>
      </li>
      {entries.map(({ comment: c, event: e }) =>
        e ? (
          <li key={e.id} className="event">
            <span>
              {t(`caseEvent.${e.kind}`, { name: e.actor.name, from: word(e, e.from), to: word(e, e.to) })}
              {e.reason && <>{holdReasonCodes.has(e.reason) ? ` (${t(`${staff ? 'holdReasonStaff' : 'holdReason'}.${e.reason as HoldReason}`)})` : `: “${e.reason}”`}</>}
            </span>{' '}
            · <Time at={e.createdAt} />
          </li>
        ) : (
          <li key={c.id} className={`entry ${c.visibility === 'internal' ? 'internal' : ''} ${c.author.isStaff ? 'staff' : ''} kind-${c.kind}`}>
            <header>
              <strong>{c.author.name}</strong>
              {c.author.isStaff && <span className="tag">{t('support')}</span>}
              {c.visibility === 'internal' && <span className="tag internal-tag">{t('internal')}</span>}
              {c.kind === 'urgency' && <span className="tag urgency-tag">{t('urgencyNote')}</span>}
              {c.kind === 'impact_change' && <span className="tag urgency-tag">{t('impactChange')}</span>} · <Time at={c.createdAt} />
            </header>
            <div className="body" dangerouslySetInnerHTML={{ __html: c.bodyHtml }} />
          </li>
        ),
      )}
    </ol>
  );
}
