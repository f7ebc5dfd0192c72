import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useCase, useCaseAttachments, useCaseThread, useSlaTimeline } from '../api/cases.ts';
import { endpoints } from '../api/endpoints.ts';
import type { HoldReason } from '../api/types.ts';
import { isStaff } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { formatSize } from '../ui/file-drop.tsx';
import { HotlineNote } from '../ui/hotline.tsx';
import { PriorityLabel, StatusLabel } from '../ui/labels.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { Time } from '../ui/time.tsx';
import { CustomerActions } from './customer-actions.tsx';
import { PagingHistory } from './paging-history.tsx';
import { ReplyBox } from './reply-box.tsx';
import { SlaLine, SlaTimeline } from './sla-line.tsx';
import { CaseHistory, OrganizationContext, StaffControls } from './staff-panel.tsx';
import { CallAndTriage } from './phone-call.tsx';
import { Thread } from './thread.tsx';
import { BundlesPanel } from './bundles-panel.tsx';

/**
 * The case page, for customers and engineers alike: title, number, status and priority; the SLA
 * line and its timeline; the thread and the reply box. The side column differs: customers get the
 * contact, watchers and the two "go faster" actions; staff get controls, the customer's context
 * and the audit trail.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { me } = useSession();
  const location = useLocation() as { state?: { raisedFrom?: string; hotline?: { callRecommended: boolean } } };
  const staff = isStaff(me);
  const supportCase = useCase(id);
  const thread = useCaseThread(id);
  const attachments = useCaseAttachments(id);
  const spans = useSlaTimeline(id);

  if (supportCase.isPending) return <Loading />;
  if (supportCase.isError) return <main><ErrorNote error={supportCase.error} /></main>;
  const c = supportCase.data;
  const sla = c.sla.firstResponse;

  return (
    <main className="case-page">
      <div className="case-main">
        <p className="muted">
          {c.number} · {c.organizationName} · {c.product}
          {c.productVersion && ` ${c.productVersion}`}
          {c.environment && ` · ${t(`environments.${c.environment}`)}`}
        </p>
        <h1>{c.subject}</h1>
        <p className="labels">
          <PriorityLabel priority={c.priority} /> <StatusLabel status={c.status} staff={staff} />
          {c.holdReason && <span className="muted"> ({t(`${staff ? 'holdReasonStaff' : 'holdReason'}.${c.holdReason as HoldReason}`, { defaultValue: c.holdReason })})</span>}
        </p>
        {location.state?.raisedFrom && (
          <p role="status" className="notice">
            {t('raisedNotice', { number: location.state.raisedFrom })}
          </p>
        )}
        {location.state?.hotline?.callRecommended && <HotlineNote organizationId={c.organizationId} />}
        <SlaLine sla={sla} staff={staff} />
        <SlaTimeline receivedAt={c.receivedAt} sla={sla} spans={spans.data ?? []} />
        {thread.isError ? <ErrorNote error={thread.error} /> : <Thread supportCase={c} comments={thread.data?.items ?? []} events={thread.data?.events ?? []} staff={staff} />}
        <ReplyBox key={c.id} supportCase={c} />
        <BundlesPanel caseId={c.id} caseNumber={c.number} staff={staff} closed={c.status === 'closed'} />
      </div>
      <aside className="case-side">
        {staff && <CallAndTriage key={`call-${c.id}-${c.priority}`} supportCase={c} />}
        {staff ? <StaffControls key={`${c.id}-${c.priority}`} supportCase={c} /> : <CustomerActions key={c.id} supportCase={c} />}
        {staff && <PagingHistory caseId={c.id} />}
        {staff && <OrganizationContext organizationId={c.organizationId} />}
        <section className="card" aria-labelledby="people-h">
          <h2 id="people-h">{t('people')}</h2>
          <dl className="facts">
            <dt>{t('contact')}</dt>
            <dd>{c.contact ? `${c.contact.name} (${c.contact.email})` : '—'}</dd>
            <dt>{t('assignee')}</dt>
            <dd>{c.assignee?.name ?? t('unassigned')}</dd>
            <dt>{t('watchers')}</dt>
            <dd>{c.watchers.length ? c.watchers.map((w) => w.name).join(', ') : '—'}</dd>
            <dt>{t('received')}</dt>
            <dd>
              <Time at={c.receivedAt} /> ({t(`channel.${c.channel}`)})
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="links-h">
          <h2 id="links-h">{t('linkedCases')}</h2>
          {c.links.length === 0 ? (
            <p className="muted">{t('noLinkedCases')}</p>
          ) : (
            <ul>
              {c.links.map((l) => (
                <li key={l.caseId}>
                  {t(`link.${l.kind}`)} <Link to={`/cases/${l.caseId}`}>{l.number}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="files-h">
          <h2 id="files-h">{t('attachments')}</h2>
          {attachments.data?.length ? (
            <ul className="files">
              {attachments.data.map((a) => (
                <li key={a.id}>
                  <a href={endpoints.cases.attachmentUrl(c.id, a.id)} download={a.filename}>
                    {a.filename}
                  </a>{' '}
                  <span className="muted">({formatSize(a.size)})</span>
                  {a.visibility === 'internal' && <span className="tag internal-tag">{t('internal')}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('noAttachments')}</p>
          )}
        </section>
        {c.abilities.canSeeHistory && <CaseHistory caseId={c.id} />}
      </aside>
    </main>
  );
}
