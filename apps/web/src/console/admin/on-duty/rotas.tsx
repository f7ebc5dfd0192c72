import { createOverrideRequest } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useStaff } from '../../../api/organizations.ts';
import { useAddOverride, useDeleteRota, useRemoveOverride, useRotas, useRotaTimeline } from '../../../api/paging.ts';
import type { DutySpan, Rota } from '../../../api/types.ts';
import { useSession } from '../../../session.tsx';
import { Dialog } from '../../../ui/dialog.tsx';
import { Field } from '../../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../../ui/form.ts';
import { Empty, ErrorNote, Loading } from '../../../ui/states.tsx';
import { Time, viewerZone } from '../../../ui/time.tsx';
import { RotaForm } from './rota-form.tsx';

const TIMELINE_DAYS = 14;

/** Every rota as a card: who is on duty now, its next two weeks, its overrides; create, edit, delete. */
export function RotasSection() {
  const { t } = useTranslation();
  const rotas = useRotas();
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="rotas-h">
      <div className="heading-row">
        <h2 id="rotas-h">{t('onDuty.rotas')}</h2>
        <Dialog open={creating} onOpenChange={setCreating} trigger={<button type="button" className="primary">{t('onDuty.newRota')}</button>} title={t('onDuty.newRota')} description={t('onDuty.rotaExplained')}>
          <RotaForm onDone={() => setCreating(false)} />
        </Dialog>
      </div>
      {rotas.isPending ? (
        <Loading />
      ) : rotas.isError ? (
        <ErrorNote error={rotas.error} />
      ) : rotas.data.length === 0 ? (
        <Empty>{t('onDuty.noRotas')}</Empty>
      ) : (
        rotas.data.map((r) => <RotaCard key={r.id} rota={r} />)
      )}
    </section>
  );
}

function RotaCard({ rota }: { rota: Rota }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'none' | 'edit' | 'delete'>('none');
  const remove = useDeleteRota();
  const headingId = `rota-${rota.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <div className="heading-row">
        <h3 id={headingId}>{rota.name}</h3>
        <div className="actions">
          <Dialog
            open={open === 'edit'}
            onOpenChange={(o) => setOpen(o ? 'edit' : 'none')}
            trigger={<button type="button" aria-label={t('onDuty.editRota', { name: rota.name })}>{t('onDuty.edit')}</button>}
            title={t('onDuty.editRota', { name: rota.name })}
          >
            <RotaForm rota={rota} onDone={() => setOpen('none')} />
          </Dialog>
          <Dialog
            open={open === 'delete'}
            onOpenChange={(o) => setOpen(o ? 'delete' : 'none')}
            trigger={<button type="button" aria-label={t('onDuty.deleteRota', { name: rota.name })}>{t('onDuty.delete')}</button>}
            title={t('onDuty.deleteRota', { name: rota.name })}
            description={t('onDuty.deleteExplained')}
          >
            {remove.isError && <ErrorNote error={remove.error} />}
            <button type="button" className="primary" disabled={remove.isPending} onClick={() => remove.mutate(rota.id, { onSuccess: () => setOpen('none') })}>
              {t('onDuty.confirmDelete')}
            </button>
          </Dialog>
        </div>
      </div>
      <dl className="facts">
        <dt>{t('onDuty.kind')}</dt>
        <dd>{t(`onDuty.kinds.${rota.kind}`)}</dd>
        <dt>{t('onDuty.regions')}</dt>
        <dd>{rota.regions.join(', ')}</dd>
        <dt>{t('onDuty.handoff')}</dt>
        <dd>{t('onDuty.handoffEvery', { count: rota.shiftDays, day: t(`onDuty.weekday.${rota.handoffDay}`), time: rota.handoffTime, zone: rota.timeZone })}</dd>
        <dt>{t('onDuty.engineers')}</dt>
        <dd>{rota.engineers.map((e) => e.name).join(' → ')}</dd>
        <dt>{t('onDuty.onDutyNow')}</dt>
        <dd>{rota.now ? <Pair span={rota.now} /> : t('onDuty.notStarted')}</dd>
      </dl>
      <Timeline rota={rota} />
      <Overrides rota={rota} />
    </article>
  );
}

/** "Eve Stone (primary), Sam Lee (secondary)". */
function Pair({ span }: { span: Pick<DutySpan, 'primary' | 'secondary'> }) {
  const { t } = useTranslation();
  return (
    <>
      {t('onDuty.primaryIs', { name: span.primary.name })}
      {span.secondary && `, ${t('onDuty.secondaryIs', { name: span.secondary.name })}`}
    </>
  );
}

/** The next 14 days: who, from when to when, in the viewer's zone (named); overrides marked. */
function Timeline({ rota }: { rota: Rota }) {
  const { t } = useTranslation();
  const timeline = useRotaTimeline(rota.id, TIMELINE_DAYS);
  const captionId = `timeline-${rota.id}`;
  return (
    <>
      <h4 id={captionId}>{t('onDuty.timeline', { count: TIMELINE_DAYS })}</h4>
      <p className="muted">{t('onDuty.inYourZone', { zone: viewerZone })}</p>
      {timeline.isPending ? (
        <Loading />
      ) : timeline.isError ? (
        <ErrorNote error={timeline.error} />
      ) : timeline.data.spans.length === 0 ? (
        <Empty>{t('onDuty.noSpans')}</Empty>
      ) : (
        <ol className="duty-spans" aria-labelledby={captionId}>
          {timeline.data.spans.map((s) => (
            <li key={`${s.from}-${s.primary.id}`} className={s.overrideId ? 'override' : ''}>
              <span className="span-when">
                <Time at={s.from} /> → <Time at={s.to} />
              </span>{' '}
              <Pair span={s} />
              {s.overrideId && <span className="tag override-tag">{t('onDuty.override')}</span>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** A `datetime-local` value ("2026-12-02T10:00", the viewer's wall clock) as an instant, or '' when empty. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : '');

/**
 * The override form takes the viewer's wall-clock times; the instants they make must pass the
 * shared schema (an end after the start), whose complaint lands on the field it names.
 */
const overrideForm = z
  .object({ userId: createOverrideRequest.shape.userId, startsAt: z.string().min(1), endsAt: z.string().min(1) })
  .superRefine((v, ctx) => {
    const parsed = createOverrideRequest.safeParse({ userId: v.userId, startsAt: toInstant(v.startsAt), endsAt: toInstant(v.endsAt) });
    for (const issue of parsed.error?.issues ?? []) {
      if (issue.path[0] === 'startsAt' || issue.path[0] === 'endsAt') ctx.addIssue({ code: 'custom', path: [issue.path[0]], input: v[issue.path[0]] });
    }
  });

/** The overrides of a rota, each removable, and the form that adds one. */
function Overrides({ rota }: { rota: Rota }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const staff = useStaff(me.organizationId);
  const add = useAddOverride(rota.id);
  const remove = useRemoveOverride(rota.id);
  const { register, handleSubmit, reset, setError, formState } = useSchemaForm(overrideForm, { userId: '', startsAt: '', endsAt: '' });
  const errors = formState.errors;
  return (
    <>
      <h4>{t('onDuty.overrides')}</h4>
      {rota.overrides.length === 0 ? (
        <p className="muted">{t('onDuty.noOverrides')}</p>
      ) : (
        <ul className="plain">
          {rota.overrides.map((o) => (
            <li key={o.id}>
              {o.userName}: <Time at={o.startsAt} /> → <Time at={o.endsAt} />{' '}
              <button type="button" onClick={() => remove.mutate(o.id)} disabled={remove.isPending} aria-label={t('onDuty.removeOverride', { name: o.userName })}>
                {t('onDuty.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorNote error={remove.error} />}
      <form
        className="inline-form"
        noValidate
        aria-label={t('onDuty.addOverrideTo', { name: rota.name })}
        onSubmit={handleSubmit((v) =>
          add.mutate(
            { userId: v.userId, startsAt: toInstant(v.startsAt), endsAt: toInstant(v.endsAt) },
            { onSuccess: () => reset(), onError: (err) => showServerErrors(err, setError, ['userId', 'startsAt', 'endsAt']) },
          ),
        )}
      >
        <Field label={t('onDuty.overrideEngineer')} error={errors.userId?.message}>
          {(field) => (
            <select {...field} {...register('userId')}>
              <option value="">—</option>
              {staff.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('onDuty.from')} error={errors.startsAt?.message}>
          {(field) => <input {...field} type="datetime-local" {...register('startsAt')} />}
        </Field>
        <Field label={t('onDuty.to')} error={errors.endsAt?.message}>
          {(field) => <input {...field} type="datetime-local" {...register('endsAt')} />}
        </Field>
        <button type="submit" disabled={add.isPending}>
          {t('onDuty.addOverride')}
        </button>
        {add.isError && <ErrorNote error={add.error} />}
      </form>
    </>
  );
}
