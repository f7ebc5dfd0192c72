import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { Dashboard, Priority } from '../api/types.ts';
import { PRIORITIES } from '../api/types.ts';
import { PriorityLabel } from '../ui/labels.tsx';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { formatDate, formatInstant, useDuration } from '../ui/time.tsx';

type DashboardData = Dashboard;

const COLOURS: Record<Priority, string> = { critical: '#a4161a', serious: '#b35900', moderate: '#1d4e89', minor: '#5a5a5a' };

/** Open cases by priority and region, cases at risk in the next hours, and first-response times per week. */
export function Dashboard() {
  const { t } = useTranslation();
  const data = useQuery({ queryKey: ['dashboard'], queryFn: () => api<DashboardData>('GET', '/api/v1/reports/dashboard'), refetchInterval: 60_000 });
  return (
    <main>
      <h1>{t('dashboard')}</h1>
      {data.isPending ? (
        <Loading />
      ) : data.isError ? (
        <ErrorNote error={data.error} />
      ) : (
        <div className="dashboard">
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

/** One stacked bar per region, each segment labelled with its count: no legend needed. */
function OpenByRegion({ rows }: { rows: DashboardData['openByRegion'] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => PRIORITIES.reduce((n, p) => n + r.counts[p], 0)));
  const barH = 28;
  const labelW = 60;
  const width = 480;
  const summary = rows.map((r) => `${r.region}: ${PRIORITIES.map((p) => `${r.counts[p]} ${t(`priority.${p}`)}`).join(', ')}`).join('; ');
  return (
    <>
      <svg viewBox={`0 0 ${width} ${rows.length * (barH + 10) + 24}`} role="img" aria-label={summary} className="chart">
        {rows.map((r, i) => {
          let x = labelW;
          const y = i * (barH + 10);
          return (
            <g key={r.region}>
              <text x={0} y={y + barH / 2 + 5} fontSize="13">
                {r.region}
              </text>
              {PRIORITIES.map((p) => {
                const w = (r.counts[p] / max) * (width - labelW - 10);
                const seg = (
                  <g key={p}>
                    <rect x={x} y={y} width={w} height={barH} fill={COLOURS[p]} />
                    {w > 22 && (
                      <text x={x + w / 2} y={y + barH / 2 + 5} fontSize="12" fill="#fff" textAnchor="middle">
                        {r.counts[p]}
                      </text>
                    )}
                  </g>
                );
                x += w;
                return seg;
              })}
            </g>
          );
        })}
      </svg>
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
              {c.sla.firstResponse.state === 'breached' ? <span className="overdue">{t('sla.overdue')}</span> : formatInstant(c.sla.firstResponse.dueAt, i18n.language)}
            </li>
          ))}
        </ul>
      )}
      <Link to="/queues/breaching">{t('openQueue', { queue: t('queue.breaching') })}</Link>
    </>
  );
}

/** Median business time to first response per week; each bar carries its value and the breaches. */
function WeeklyFirstResponse({ weeks }: { weeks: DashboardData['firstResponseWeekly'] }) {
  const { t, i18n } = useTranslation();
  const duration = useDuration();
  const max = Math.max(1, ...weeks.map((w) => w.medianBusinessMinutes ?? 0));
  const width = 640;
  const height = 180;
  const slot = width / Math.max(1, weeks.length);
  const summary = weeks.map((w) => `${formatDate(w.weekStart, i18n.language)}: ${w.medianBusinessMinutes === null ? '—' : duration(w.medianBusinessMinutes, true)}, ${w.answered}`).join('; ');
  return (
    <svg viewBox={`0 0 ${width} ${height + 40}`} role="img" aria-label={summary} className="chart">
      {weeks.map((w, i) => {
        const h = ((w.medianBusinessMinutes ?? 0) / max) * (height - 20);
        const x = i * slot + slot * 0.15;
        return (
          <g key={w.weekStart}>
            <rect x={x} y={height - h} width={slot * 0.7} height={h} fill="#1d4e89" />
            <text x={x + slot * 0.35} y={height - h - 4} fontSize="11" textAnchor="middle">
              {w.medianBusinessMinutes === null ? '—' : duration(w.medianBusinessMinutes, true)}
            </text>
            <text x={x + slot * 0.35} y={height + 14} fontSize="11" textAnchor="middle">
              {formatDate(w.weekStart, i18n.language).replace(/ \d{4}$/, '')}
            </text>
            <text x={x + slot * 0.35} y={height + 30} fontSize="10" textAnchor="middle" fill={w.breached ? '#a4161a' : '#555'}>
              {t('answeredBreached', { answered: w.answered, breached: w.breached })}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
