import { e164, regionPhoneRequest, type RegionCode } from '@casebook/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useRegionPhoneSettings, useSetRegionPhoneSettings, useVoiceCalls } from '../api/phone.ts';
import { useRegionsNow, type RegionNow } from '../api/regions.ts';
import type { Me, RegionPhone, RegionPhoneBody } from '../api/types.ts';
import { Field } from '../ui/field.tsx';
import { PriorityLabel } from '../ui/labels.tsx';
import { RegionState } from '../ui/region-state.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { ErrorNote, Loading, PagedResults } from '../ui/states.tsx';
import { Time } from '../ui/time.tsx';

const overflow = regionPhoneRequest.shape.overflowAt.unwrap();

/** A field that may stay empty (null on the wire); when filled in, the shared schema's own rule applies. */
const emptyOr = (schema: z.ZodType, parse: (v: string) => unknown = (v) => v) =>
  z.string().superRefine((v, ctx) => {
    if (v.trim() === '') return;
    // Without the schema's own (English) message, so that the form's error map words it in the reader's language.
    for (const { message: _, ...issue } of schema.safeParse(parse(v.trim())).error?.issues ?? []) ctx.addIssue({ ...issue, input: v } as Parameters<typeof ctx.addIssue>[0]);
  });

/** The form's fields as typed; `toRequest` makes the request body. */
const settingsForm = z.object({
  teamPhone: emptyOr(e164),
  answeringServicePhone: emptyOr(e164),
  overflowAt: emptyOr(overflow, Number),
  forceAnsweringService: z.boolean(),
  voiceLocale: regionPhoneRequest.shape.voiceLocale.unwrap(),
});
type SettingsForm = z.infer<typeof settingsForm>;

const toRequest = (v: SettingsForm): RegionPhoneBody => ({
  teamPhone: v.teamPhone.trim() || null,
  answeringServicePhone: v.answeringServicePhone.trim() || null,
  overflowAt: v.overflowAt.trim() === '' ? null : Number(v.overflowAt),
  forceAnsweringService: v.forceAnsweringService,
  voiceLocale: v.voiceLocale,
});

const toForm = (r: RegionPhone): SettingsForm => ({
  teamPhone: r.teamPhone ?? '',
  answeringServicePhone: r.answeringServicePhone ?? '',
  overflowAt: r.overflowAt == null ? '' : String(r.overflowAt),
  forceAnsweringService: r.forceAnsweringService,
  voiceLocale: r.voiceLocale,
});

/**
 * Staff → Phone line: where the hotline sends calls in each region right now, the settings that
 * decide it (administrators change them; engineers read them), and every call the voice webhook
 * answered with the decision and its reason. The rules are in docs/rules.md §6.
 */
export function PhoneLine({ me }: { me: Me }) {
  const { t } = useTranslation();
  const settings = useRegionPhoneSettings();
  const regionsNow = useRegionsNow();
  return (
    <main>
      <h1>{t('phoneLine.title')}</h1>
      <p className="muted">{t('phoneLine.intro')}</p>
      <section aria-labelledby="phone-regions-h">
        <h2 id="phone-regions-h">{t('phoneLine.regions')}</h2>
        {settings.isPending || regionsNow.isPending ? (
          <Loading />
        ) : settings.isError ? (
          <ErrorNote error={settings.error} />
        ) : regionsNow.isError ? (
          <ErrorNote error={regionsNow.error} />
        ) : (
          <div className="cards">
            {regionsNow.data.map((r) => {
              const current = settings.data.find((s) => s.region === r.code);
              return current ? <RegionPhoneCard key={r.code} region={r} current={current} editable={me.role === 'admin'} /> : null;
            })}
          </div>
        )}
      </section>
      <VoiceCallLog />
    </main>
  );
}

function RegionPhoneCard({ region, current, editable }: { region: RegionNow; current: RegionPhone; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const name = region.names[i18n.language === 'fr' ? 'fr' : 'en'];
  const headingId = `phone-${region.code}`;
  const summary = (
    <>
      <h3 id={headingId}>{name}</h3>
      <RegionState region={region} />
      <p>
        {t('phoneLine.inProgress', { count: current.callsInProgress })}
        {current.forceAnsweringService && (
          <>
            <br />
            <strong>{t('phoneLine.forced')}</strong>
          </>
        )}
      </p>
    </>
  );
  if (!editable) {
    return (
      <section className="card" aria-labelledby={headingId}>
        {summary}
        <dl>
          <dt>{t('phoneLine.teamPhone')}</dt>
          <dd>{current.teamPhone ?? t('phoneLine.publicNumber', { phone: region.phone })}</dd>
          <dt>{t('phoneLine.answeringService')}</dt>
          <dd>{current.answeringServicePhone ?? t('phoneLine.notSet')}</dd>
          <dt>{t('phoneLine.overflowAt')}</dt>
          <dd>{current.overflowAt ?? t('phoneLine.never')}</dd>
          <dt>{t('phoneLine.voiceLocale')}</dt>
          <dd>{t(`newsletter.languages.${current.voiceLocale}`)}</dd>
        </dl>
      </section>
    );
  }
  return <RegionPhoneForm region={region.code} publicPhone={region.phone} current={current} headingId={headingId} summary={summary} />;
}

function RegionPhoneForm({ region, publicPhone, current, headingId, summary }: { region: RegionCode; publicPhone: string; current: RegionPhone; headingId: string; summary: ReactNode }) {
  const { t } = useTranslation();
  const save = useSetRegionPhoneSettings(region);
  const { register, handleSubmit, setError, reset, formState } = useSchemaForm(settingsForm, toForm(current));
  const errors = formState.errors;
  return (
    <form
      className="card"
      noValidate
      aria-labelledby={headingId}
      onSubmit={handleSubmit((v) =>
        save.mutate(toRequest(v), {
          onSuccess: (saved) => reset(toForm(saved)),
          onError: (err) => showServerErrors(err, setError, ['teamPhone', 'answeringServicePhone', 'overflowAt']),
        }),
      )}
    >
      {summary}
      <Field label={t('phoneLine.teamPhone')} hint={t('phoneLine.teamPhoneHint', { phone: publicPhone })} error={errors.teamPhone?.message}>
        {(field) => <input {...field} type="tel" autoComplete="off" {...register('teamPhone')} />}
      </Field>
      <Field label={t('phoneLine.answeringService')} error={errors.answeringServicePhone?.message}>
        {(field) => <input {...field} type="tel" autoComplete="off" {...register('answeringServicePhone')} />}
      </Field>
      <Field label={t('phoneLine.overflowAt')} hint={t('phoneLine.overflowHint')} error={errors.overflowAt?.message}>
        {(field) => <input {...field} type="number" inputMode="numeric" min={1} max={overflow.maxValue ?? undefined} {...register('overflowAt')} />}
      </Field>
      <Field label={t('phoneLine.voiceLocale')}>
        {(field) => (
          <select {...field} {...register('voiceLocale')}>
            <option value="en">{t('newsletter.languages.en')}</option>
            <option value="fr">{t('newsletter.languages.fr')}</option>
          </select>
        )}
      </Field>
      <label>
        <input type="checkbox" {...register('forceAnsweringService')} /> {t('phoneLine.force')}
      </label>
      {save.isError && <ErrorNote error={save.error} />}
      {save.isSuccess && !formState.isDirty && (
        <p className="ok" role="status">
          {t('saved')}
        </p>
      )}
      <button type="submit" disabled={save.isPending} aria-label={t('phoneLine.save', { region })}>
        {t('save')}
      </button>
    </form>
  );
}

/** Every call the voice webhook answered, newest first: who called, which line, who it was, where it went and why. */
function VoiceCallLog() {
  const { t } = useTranslation();
  const calls = useVoiceCalls();
  return (
    <section aria-labelledby="voice-calls-h">
      <h2 id="voice-calls-h">{t('phoneLine.calls')}</h2>
      <PagedResults query={calls} empty={t('phoneLine.noCalls')}>
        {(rows) => (
        <div className="table-scroll">
          <table className="dense">
            <caption className="visually-hidden">{t('phoneLine.calls')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('phoneLine.caller')}</th>
                <th scope="col">{t('phoneLine.line')}</th>
                <th scope="col">{t('phoneLine.customer')}</th>
                <th scope="col">{t('priorityLabel')}</th>
                <th scope="col">{t('phoneLine.decision')}</th>
                <th scope="col">{t('phoneLine.putThrough')}</th>
                <th scope="col">{t('statusLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.callSid}>
                  <td>
                    <Time at={c.createdAt} />
                  </td>
                  <td>{c.from}</td>
                  <td>
                    {c.region} · {c.to}
                  </td>
                  <td>
                    {c.organizationName ?? t('phoneLine.unidentified')}
                    {c.contractNumber && <span className="muted"> · {t('phoneLine.contract', { number: c.contractNumber })}</span>}
                  </td>
                  <td>{c.priority ? <PriorityLabel priority={c.priority} /> : '—'}</td>
                  <td>
                    {c.destination ? t(`phoneLine.destination.${c.destination}`) : t('phoneLine.undecided')}
                    {c.reason && <span className="muted"> ({t(`phoneLine.reason.${c.reason}`)})</span>}
                  </td>
                  <td>{c.dial ?? '—'}</td>
                  <td>
                    {c.status === 'in_progress' ? (
                      t('phoneLine.inProgressNow')
                    ) : (
                      <>
                        {t('phoneLine.ended')} {c.completedAt && <Time at={c.completedAt} />}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        )}
      </PagedResults>
    </section>
  );
}
