import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useOpenPages } from '../api/paging.ts';
import { useDashboard } from '../api/reports.ts';
import type { Dashboard } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { PriorityLabel } from '../ui/labels.tsx';
import { PageStory } from '../ui/paging.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { formatDate, formatInstant, useDueWords, useDuration } from '../ui/time.tsx';

type DashboardData = Dashboard;

/** Open cases by priority and region, cases at risk in the next hours, and first-response times per week. */
export function Dashboard() {
  const { t } = useTranslation();
  const data = useDashboard();
  return (
    <main>
      <h1>{t('dashboard')}</h1>
      {data.isPending ? (
        <Loading />
      ) : data.isError ? (
        <ErrorNote error={data.error} />
      ) : (
        <div className="dashboard">
          <OpenPages />
          <section className="card" aria-labelledby="open-h">
            <h2 id="open-h">{t('openByRegion')}</h2>
            <OpenByRegion rows={data.data.openByRegion} />
          </section>
          <section className="card" aria-labelledby="risk-h">
            <h2 id="risk-h">{t('atRisk', { hours: data.data.atRisk.withinMinutes / 60 })}</h2>
            <AtRisk risk={data.data.atRisk} />
          </section>
          <section className="card wide" aria-labelledby="frt-h">
            <h2 id="frt-h">{t('firstResponseWeekly')}</h2>
            <WeeklyFirstResponse weeks={data.data.firstResponseWeekly} />
          </section>
        </div>
      )}
    </main>
  );
}

/** One stacked bar per region, each segment carrying its count: it reads without a legend. */
function OpenByRegion({ rows }: { rows: DashboardData['openByRegion'] }) {
  const { t } = useTranslation();
  const total = (r: DashboardData['openByRegion'][number]) => PRIORITIES.reduce((n, p) => n + (r.counts[p] ?? 0), 0);
  const max = Math.max(1, ...rows.map(total));
  return (
    <>
    <ul className="bars">
      {rows.map((r) => (
        <li key={r.region}>
          <span className="bar-label">{r.region}</span>
          <span className="bar-track" aria-hidden="true">
            {PRIORITIES.filter((p) => (r.counts[p] ?? 0) > 0).map((p) => (
              <span key={p} className={`bar-seg priority ${p}`} style={{ width: `${((r.counts[p] ?? 0) / max) * 100}%` }} title={t('priorityCount', { priority: t(`priority.${p}`), count: r.counts[p] ?? 0 })}>
                {r.counts[p]}
              </span>
            ))}
          </span>
          <span className="visually-hidden">{PRIORITIES.map((p) => t('priorityCount', { priority: t(`priority.${p}`), count: r.counts[p] ?? 0 })).join(', ')}</span>
          <span className="bar-total">{total(r)}</span>
        </li>
      ))}
    </ul>
    <p className="chart-key">
      {PRIORITIES.map((p) => (
        <PriorityLabel key={p} priority={p} />
      ))}
    </p>
    </>
  );
}

function AtRisk({ risk }: { risk: DashboardData['atRisk'] }) {
  const { t, i18n } = useTranslation();
  const dueWords = useDueWords();
  return (
    <>
      <p className="big-number">{risk.count}</p>
      {risk.cases.length === 0 ? (
        <p className="empty">{t('noneAtRisk')}</p>
      ) : (
        <ul className="plain">
          {risk.cases.map((c) => (
            <li key={c.id}>
              <PriorityLabel priority={c.priority} /> <Link to={`/cases/${c.id}`}>{c.number}</Link> {c.organizationName} —{' '}
              <time dateTime={c.sla.firstResponse.dueAt} title={formatInstant(c.sla.firstResponse.dueAt, i18n.language)}>
                {dueWords(c.sla.firstResponse.dueAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
      <Link to="/queues/breaching">{t('openQueue', { queue: t('queue.breaching') })}</Link>
    </>
  );
}

/** Median counted time to first response per week; each column carries its value and its late answers. */
function WeeklyFirstResponse({ weeks }: { weeks: DashboardData['firstResponseWeekly'] }) {
  const { t, i18n } = useTranslation();
  const duration = useDuration();
  const max = Math.max(1, ...weeks.map((w) => w.medianBusinessMinutes ?? 0));
  return (
    <ol className="columns-chart">
      {weeks.map((w) => (
        <li key={w.weekStart}>
          <span className="col-value">{w.medianBusinessMinutes === null ? '—' : duration(w.medianBusinessMinutes, true)}</span>
          <span className="col-track" aria-hidden="true">
            <span className="col-bar" style={{ height: `${((w.medianBusinessMinutes ?? 0) / max) * 100}%` }} />
          </span>
          <span className="col-label">{t('weekOf', { date: formatDate(w.weekStart, i18n.language).replace(/ \d{4}$/, '') })}</span>
          <span className={`col-note ${w.breached ? 'overdue' : 'muted'}`}>{t('answeredCount', { count: w.answered })}, {t('lateCount', { count: w.breached })}</span>
        </li>
      ))}
    </ol>
  );
}

/** Pages nobody has acknowledged yet, each linking to its case; engineers and administrators only. */
function OpenPages() {
  const { t } = useTranslation();
  const pages = useOpenPages();
  if (!pages.isSuccess) return null;
  return (
    <section className="card wide" aria-labelledby="pages-h">
      <h2 id="pages-h">{t('pages.open')}</h2>
      {pages.data.length === 0 ? (
        <p className="empty">{t('pages.noneOpen')}</p>
      ) : (
        <ul className="plain">
          {pages.data.map((p) => (
            <li key={p.id}>
              <Link to={`/cases/${p.caseId}`}>{p.caseNumber}</Link> — {t(`pages.event.${p.event}`)} ({p.region}): <PageStory page={p} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
