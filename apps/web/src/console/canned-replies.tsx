import { cannedReplyPlaceholders, cannedReplyStatus, createCannedReplyRequest } from '@casebook/contracts';
import { useTranslation } from 'react-i18next';
import { useCannedReplies, useCreateCannedReply, useDeleteCannedReply } from '../api/canned-replies.ts';
import { useSession } from '../session.tsx';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { ErrorNote, Loading } from '../ui/states.tsx';

/** Staff's canned replies: the shared ones (administrators add them) and one's own. */
export function CannedReplies() {
  const { t } = useTranslation();
  const { me } = useSession();
  const replies = useCannedReplies();
  const create = useCreateCannedReply();
  const remove = useDeleteCannedReply();
  const { register, handleSubmit, reset, setError, formState } = useSchemaForm(createCannedReplyRequest, { name: '', bodyEn: '', bodyFr: '', status: null, shared: false });
  const placeholders = cannedReplyPlaceholders.map((p) => `{{${p}}}`).join(', ');

  return (
    <main className="canned-replies">
      <h1>{t('teamday.canned.manage')}</h1>
      <p className="muted">{t('teamday.canned.intro', { list: placeholders, interpolation: { escapeValue: false } })}</p>
      {replies.isPending ? (
        <Loading />
      ) : replies.isError ? (
        <ErrorNote error={replies.error} />
      ) : replies.data.items.length === 0 ? (
        <p className="empty">{t('teamday.canned.empty')}</p>
      ) : (
        <ul className="plain">
          {replies.data.items.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong>
              {r.shared && <span className="muted"> · {t('teamday.canned.shared')}</span>}
              {r.status && <span className="muted"> · {t(`staffStatus.${r.status}`)}</span>}{' '}
              {r.canEdit && (
                <button type="button" className="link-button" onClick={() => remove.mutate(r.id)} aria-label={t('teamday.canned.delete', { name: r.name })}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="card"
        noValidate
        onSubmit={handleSubmit((values) => create.mutate(values, { onSuccess: () => reset(), onError: (err) => showServerErrors(err, setError, ['name', 'bodyEn', 'bodyFr', 'status']) }))}
      >
        <Field label={t('teamday.canned.name')} error={formState.errors.name?.message}>
          {(field) => <input {...field} {...register('name')} />}
        </Field>
        <Field label={t('teamday.canned.bodyEn')} error={formState.errors.bodyEn?.message}>
          {(field) => <textarea {...field} {...register('bodyEn')} rows={4} lang="en" />}
        </Field>
        <Field label={t('teamday.canned.bodyFr')} error={formState.errors.bodyFr?.message}>
          {(field) => <textarea {...field} {...register('bodyFr')} rows={4} lang="fr" />}
        </Field>
        <Field label={t('teamday.canned.status')} error={formState.errors.status?.message}>
          {(field) => (
            <select {...field} {...register('status', { setValueAs: (v: string) => (v === '' ? null : v) })}>
              <option value="">{t('teamday.canned.none')}</option>
              {cannedReplyStatus.options.map((s) => (
                <option key={s} value={s}>
                  {t(`staffStatus.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {me.role === 'admin' && (
          <label>
            <input type="checkbox" {...register('shared')} /> {t('teamday.canned.sharedLabel')}
          </label>
        )}
        {create.isError && <ErrorNote error={create.error} />}
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('teamday.canned.create')}
        </button>
      </form>
    </main>
  );
}
