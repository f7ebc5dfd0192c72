import { useTranslation } from 'react-i18next';
import type { Comment, SupportCase } from '../api/types.ts';
import { Time } from '../ui/time.tsx';

/**
 * The conversation, oldest first and newest at the bottom. Staff replies are marked as support;
 * internal notes sit on a tinted background with an "Internal" label so nobody mistakes them for
 * something the customer can read.
 */
export function Thread({ supportCase, comments }: { supportCase: SupportCase; comments: Comment[] }) {
  const { t } = useTranslation();
  return (
    <ol className="thread" aria-label={t('thread')}>
      <li className="entry">
        <header>
          <strong>{supportCase.contact?.name ?? supportCase.organizationName}</strong> · <Time at={supportCase.receivedAt} />
        </header>
        <p className="description">{supportCase.description}</p>
      </li>
      {comments.map((c) => (
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
      ))}
    </ol>
  );
}
