import { regionCode, regionPagingRequest, type RegionCode } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useRegionPaging, useSetRegionPaging } from '../../../api/paging.ts';
import type { RegionPaging } from '../../../api/types.ts';
import { Field } from '../../../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../../../ui/form.ts';
import { ErrorNote, Loading } from '../../../ui/states.tsx';
import { Time } from '../../../ui/time.tsx';

const pagerDuty = regionPagingRequest.shape.pagerDuty.unwrap().shape;
const webhook = regionPagingRequest.shape.webhook.unwrap().shape;

/**
 * The form's fields: each integration switched on or off, and its settings checked by the shared
 * schema only when it is on. The server never sends a secret back, so saving asks for it again.
 */
const integrationsForm = z
  .object({ pagerDutyOn: z.boolean(), routingKey: z.string(), webhookOn: z.boolean(), url: z.string(), secret: z.string() })
  .superRefine((v, ctx) => {
    const check = (on: boolean, field: 'routingKey' | 'url' | 'secret', schema: z.ZodType) => {
      if (!on) return;
      const r = schema.safeParse(v[field]);
      for (const issue of r.error?.issues ?? []) ctx.addIssue({ ...issue, path: [field], input: v[field] } as Parameters<typeof ctx.addIssue>[0]);
    };
    check(v.pagerDutyOn, 'routingKey', pagerDuty.routingKey);
    check(v.webhookOn, 'url', webhook.url);
    check(v.webhookOn, 'secret', webhook.secret);
  });

/** Each region's outgoing paging: a PagerDuty routing key, a signed webhook; either can be turned off. */
export function IntegrationsSection() {
  const { t } = useTranslation();
  const paging = useRegionPaging();
  return (
    <section aria-labelledby="integrations-h">
      <h2 id="integrations-h">{t('onDuty.integrations')}</h2>
      <p className="muted">{t('onDuty.integrationsExplained')}</p>
      {paging.isPending ? (
        <Loading />
      ) : paging.isError ? (
        <ErrorNote error={paging.error} />
      ) : (
        <div className="cards">
          {regionCode.options.map((r) => (
            <RegionIntegrations key={r} region={r} current={paging.data.find((p) => p.region === r)} />
          ))}
        </div>
      )}
    </section>
  );
}

function RegionIntegrations({ region, current }: { region: RegionCode; current: RegionPaging | undefined }) {
  const { t } = useTranslation();
  const save = useSetRegionPaging(region);
  const { register, handleSubmit, watch, setError, resetField, formState } = useSchemaForm(integrationsForm, {
    pagerDutyOn: !!current?.pagerDuty,
    routingKey: '',
    webhookOn: !!current?.webhook,
    url: current?.webhook?.url ?? '',
    secret: '',
  });
  const errors = formState.errors;
  const headingId = `paging-${region}`;
  return (
    <form
      className="card"
      noValidate
      aria-labelledby={headingId}
      onSubmit={handleSubmit((v) =>
        save.mutate(
          { pagerDuty: v.pagerDutyOn ? { routingKey: v.routingKey } : null, webhook: v.webhookOn ? { url: v.url, secret: v.secret } : null },
          {
            onSuccess: () => {
              resetField('routingKey');
              resetField('secret');
            },
            onError: (err) => showServerErrors(err, setError, ['routingKey', 'url', 'secret']),
          },
        ),
      )}
    >
      <h3 id={headingId}>{region}</h3>
      <p className="muted">
        {current?.pagerDuty ? t('onDuty.pagerDutyOn', { end: current.pagerDuty.routingKeyEnd }) : t('onDuty.pagerDutyOff')}
        <br />
        {current?.webhook ? t('onDuty.webhookOn', { url: current.webhook.url, end: current.webhook.secretEnd }) : t('onDuty.webhookOff')}
        {current?.updatedAt && (
          <>
            <br />
            {t('onDuty.changed')} <Time at={current.updatedAt} />
          </>
        )}
      </p>
      <label>
        <input type="checkbox" {...register('pagerDutyOn')} /> {t('onDuty.usePagerDuty')}
      </label>
      {watch('pagerDutyOn') && (
        <Field label={t('onDuty.routingKey')} hint={t('onDuty.secretHint')} error={errors.routingKey?.message}>
          {(field) => <input {...field} autoComplete="off" {...register('routingKey')} />}
        </Field>
      )}
      <label>
        <input type="checkbox" {...register('webhookOn')} /> {t('onDuty.useWebhook')}
      </label>
      {watch('webhookOn') && (
        <>
          <Field label={t('onDuty.webhookUrl')} error={errors.url?.message}>
            {(field) => <input {...field} type="url" {...register('url')} />}
          </Field>
          <Field label={t('onDuty.webhookSecret')} hint={t('onDuty.secretHint')} error={errors.secret?.message}>
            {(field) => <input {...field} type="password" autoComplete="new-password" {...register('secret')} />}
          </Field>
        </>
      )}
      {save.isError && <ErrorNote error={save.error} />}
      {save.isSuccess && !formState.isDirty && <p className="ok" role="status">{t('saved')}</p>}
      <button type="submit" disabled={save.isPending} aria-label={t('onDuty.saveIntegrations', { region })}>
        {t('save')}
      </button>
    </form>
  );
}
