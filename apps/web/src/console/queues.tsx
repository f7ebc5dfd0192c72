import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useNavigate, useParams } from 'react-router-dom';
import { useAssignCase, useCasePages } from '../api/cases.ts';
import { query } from '../api/client.ts';
import { useQueueCounts } from '../api/reports.ts';
import type { CaseQueue } from '@casebook/contracts';
import type { CaseSummary, Priority } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { useSession } from '../session.tsx';
import { BulkBar, BulkResult, type BulkOutcome } from './bulk-bar.tsx';
import { PriorityLabel, StatusLabel } from '../ui/labels.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { formatInstant, useDueWords, useSinceWords } from '../ui/time.tsx';

export const QUEUES = ['mine', 'region', 'unassigned', 'breaching', 'breached', 'all', 'triage'] as const satisfies readonly CaseQueue[];
export type Queue = (typeof QUEUES)[number];
/** "Breaching soon": unanswered cases due within this many minutes, not yet overdue (the server's default too). */
export const BREACHING_SOON_MINUTES = 240;

/** What each queue holds is the server's to say (`queue=`): its list and its count agree. Riskiest first. */
export function queueFilter(queue: Queue): Record<string, string> {
  return { queue, sort: 'sla' };
}

interface SavedView {
  name: string;
  queue: Queue;
  priority: Priority[];
  q: string;
}
const SAVED = 'casebook.savedViews';
const loadViews = (): SavedView[] => {
  try {
    return JSON.parse(localStorage.getItem(SAVED) ?? '[]') as SavedView[];
  } catch {
    return [];
  }
};

/** Whether a key press came from a field, where j, k and / are just letters. */
const typing = (e: KeyboardEvent) => e.target instanceof HTMLElement && (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));

/**
 * The engineer's queues: counts on the left, a dense table sorted by SLA risk in the middle.
 * Keyboard: j/k move, Enter opens, a assigns the selected case to me, / searches.
 */
export function Queues() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const params = useParams();
  const queue: Queue = (QUEUES as readonly string[]).includes(params.queue ?? '') ? (params.queue as Queue) : 'mine';
  const [priority, setPriority] = useState<Priority[]>([]);
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState(0);
  const since = useSinceWords();
  /** The rows ticked for a bulk change (ids). */
  const [ticked, setTicked] = useState<string[]>([]);
  const [bulkOutcome, setBulkOutcome] = useState<{ outcome: BulkOutcome; numbers: Record<string, string> } | null>(null);
  const toggle = (id: string) => setTicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]));
  const [views, setViews] = useState<SavedView[]>(loadViews);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);

  const counts = useQueueCounts(BREACHING_SOON_MINUTES);
  const pages = useCasePages(query({ ...queueFilter(queue), priority, q: search || undefined, limit: 50 }));
  const cases: CaseSummary[] = pages.data?.pages.flatMap((p) => p.items) ?? [];

  const assign = useAssignCase();

  useEffect(() => {
    setSelected(0);
    setTicked([]);
    setBulkOutcome(null);
  }, [queue, search, priority]);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/' && !typing(e)) {
        // The top bar's search box: numbers, organisations, people and threads.
        e.preventDefault();
        document.getElementById('site-search')?.focus();
        return;
      }
      if (typing(e)) return;
      const current = cases[selected];
      if (e.key === 'j') setSelected((i) => Math.min(i + 1, cases.length - 1));
      else if (e.key === 'k') setSelected((i) => Math.max(i - 1, 0));
      else if (e.key === 'Enter' && current && !(e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement)) navigate(`/cases/${current.id}`);
      else if (e.key === 'a' && current && me.role !== 'advisor') assign.mutate({ caseId: current.id, assigneeId: me.id });
      else if (e.key === 'x' && current && me.role !== 'advisor') toggle(current.id);
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cases, selected, navigate, assign, me.role]);
  // Braces matter: newer browsers return a promise from scrollIntoView, which React would take for a clean-up.
  useEffect(() => {
    rows.current[selected]?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const [naming, setNaming] = useState<string | null>(null);
  function saveView(name: string) {
    const next = [...views.filter((v) => v.name !== name), { name, queue, priority, q: search }];
    localStorage.setItem(SAVED, JSON.stringify(next));
    setViews(next);
    setNaming(null);
  }
  function forgetView(name: string) {
    const next = views.filter((v) => v.name !== name);
    localStorage.setItem(SAVED, JSON.stringify(next));
    setViews(next);
  }

  return (
    <div className="console">
      <nav className="queues" aria-label={t('queues')}>
        <h2 className="visually-hidden">{t('queues')}</h2>
        <ul>
          {QUEUES.map((name) => (
            <li key={name}>
              <NavLink to={`/queues/${name}`}>
                {t(`queue.${name}`)} <span className="count">{counts.data?.[name] ?? ''}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        {views.length > 0 && (
          <>
            <h3>{t('savedViews')}</h3>
            <ul>
              {views.map((v) => (
                <li key={v.name} className="saved-view">
                  <Link
                    to={`/queues/${v.queue}`}
                    onClick={() => {
                      setPriority(v.priority);
                      setQ(v.q);
                      setSearch(v.q);
                    }}
                  >
                    {v.name}
                  </Link>
                  <button type="button" className="link-button" onClick={() => forgetView(v.name)} aria-label={t('forgetView', { name: v.name })}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </nav>
      <main className="queue">
        <h1>{t(`queue.${queue}`)}</h1>
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(q.trim());
          }}
        >
          <label htmlFor="queue-search">{t('searchSubjects')}</label>
          <input id="queue-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          <fieldset className="inline">
            <legend className="visually-hidden">{t('priorityLabel')}</legend>
            {PRIORITIES.map((p) => (
              <label key={p}>
                <input type="checkbox" checked={priority.includes(p)} onChange={(e) => setPriority(e.target.checked ? [...priority, p] : priority.filter((x) => x !== p))} /> {t(`priority.${p}`)}
              </label>
            ))}
          </fieldset>
          {naming === null && (
            <button type="button" onClick={() => setNaming('')}>
              {t('saveView')}
            </button>
          )}
        </form>
        {naming !== null && (
          <form
            className="inline-form"
            aria-label={t('saveView')}
            onSubmit={(e) => {
              e.preventDefault();
              if (naming.trim()) saveView(naming.trim());
            }}
          >
            <label htmlFor="view-name">{t('viewName')}</label>
            <input id="view-name" value={naming} onChange={(e) => setNaming(e.target.value)} maxLength={60} required autoFocus />
            <button type="submit">{t('save')}</button>
            <button type="button" onClick={() => setNaming(null)}>
              {t('cancel')}
            </button>
          </form>
        )}
        <p className="muted keys">
          {t('keyboardHelp')} {me.role !== 'advisor' && t('teamday.bulk.keys')}
        </p>
        {ticked.length > 0 && (
          <BulkBar
            selected={ticked}
            cases={cases}
            onDone={(outcome, numbers) => {
              // The refused cases stay ticked, to try again or change otherwise.
              setTicked(outcome.refused.map((r) => r.caseId));
              setBulkOutcome({ outcome, numbers });
            }}
          />
        )}
        {bulkOutcome && <BulkResult outcome={bulkOutcome.outcome} numbers={bulkOutcome.numbers} />}
        {pages.isPending ? (
          <Loading />
        ) : pages.isError ? (
          <ErrorNote error={pages.error} />
        ) : cases.length === 0 ? (
          <p className="empty">{t(`queueEmpty.${queue}`)}</p>
        ) : (
          <table className="dense">
            <caption className="visually-hidden">{t(`queue.${queue}`)}</caption>
            <thead>
              <tr>
                {me.role !== 'advisor' && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('teamday.bulk.selectAll')}
                      checked={cases.length > 0 && cases.every((c) => ticked.includes(c.id))}
                      onChange={(e) => setTicked(e.target.checked ? cases.map((c) => c.id) : [])}
                    />
                  </th>
                )}
                <th scope="col">{t('number')}</th>
                <th scope="col">{t('priorityLabel')}</th>
                <th scope="col">{t('subject')}</th>
                <th scope="col">{t('organization')}</th>
                <th scope="col">{t('statusLabel')}</th>
                <th scope="col">{t('assignee')}</th>
                <th scope="col">{t('teamday.lastReply')}</th>
                <th scope="col">{t('teamday.age')}</th>
                <th scope="col">{t('slaDue')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c, i) => (
                <tr key={c.id} ref={(el) => void (rows.current[i] = el)} aria-selected={i === selected} className={i === selected ? 'selected' : ''} onClick={() => setSelected(i)}>
                  {me.role !== 'advisor' && (
                    <td>
                      <input type="checkbox" aria-label={t('teamday.bulk.select', { number: c.number })} checked={ticked.includes(c.id)} onChange={() => toggle(c.id)} />
                    </td>
                  )}
                  <td className="nowrap">{c.number}</td>
                  <td>
                    <PriorityLabel priority={c.priority} />
                  </td>
                  <td className="subject">
                    <Link to={`/cases/${c.id}`}>{c.subject}</Link>
                  </td>
                  <td>{c.organizationName}</td>
                  <td className="nowrap">
                    <StatusLabel status={c.status} staff />
                  </td>
                  <td>{c.assignee?.name ?? <span className="muted">{t('unassigned')}</span>}</td>
                  <td>
                    {c.lastReply ? (
                      <>
                        {c.lastReply.name}
                        {c.lastReply.bySupport && <span className="tag">{t('support')}</span>}
                        <span className="muted nowrap"> · {since.ago(c.lastReply.at)}</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="nowrap">{since.age(c.receivedAt)}</td>
                  <td className="nowrap">
                    <SlaDue sla={c.sla.firstResponse} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages.hasNextPage && (
          <button type="button" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {t('showMore')}
          </button>
        )}
        {assign.isError && <ErrorNote error={assign.error} />}
      </main>
    </div>
  );
}

function SlaDue({ sla }: { sla: CaseSummary['sla']['firstResponse'] }) {
  const { t, i18n } = useTranslation();
  const dueWords = useDueWords();
  if (sla.state === 'met') return <span className="muted">{t('sla.metShort')}</span>;
  if (sla.state === 'paused') return <span className="muted">{t('sla.pausedShort')}</span>;
  return (
    <time dateTime={sla.dueAt} title={formatInstant(sla.dueAt, i18n.language)} className={sla.state === 'breached' ? 'overdue' : ''}>
      {dueWords(sla.dueAt)}
    </time>
  );
}
