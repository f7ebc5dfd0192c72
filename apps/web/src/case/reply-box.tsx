import { createCommentRequest } from '@casebook/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddComment, useRefreshCase } from '../api/cases.ts';
import type { SupportCase } from '../api/types.ts';
import { Field } from '../ui/field.tsx';
import { FileDrop, sendFiles, type PendingFile } from '../ui/file-drop.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { ErrorNote } from '../ui/states.tsx';

/** The text of a reply, checked by the shared schema; files may go without one. */
const replyText = createCommentRequest.pick({ body: true });

/**
 * The reply box. Staff choose public or internal; it starts on internal while the case is new so a
 * first triage note never reaches the customer by accident. Text stays in the box when sending fails.
 */
export function ReplyBox({ supportCase, staff }: { supportCase: SupportCase; staff: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase(supportCase.id);
  const { register, handleSubmit, getValues, reset, setError, formState } = useSchemaForm(replyText, { body: '' });
  const [visibility, setVisibility] = useState<'public' | 'internal'>(staff && supportCase.status === 'new' ? 'internal' : 'public');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const addComment = useAddComment(supportCase.id);
  const closed = supportCase.status === 'closed';

  const send = useMutation({
    mutationFn: async (body: string | null) => {
      if (body !== null) await addComment.mutateAsync({ body, visibility });
      const failed = await sendFiles(supportCase.id, files, visibility, (f) => setFiles((list) => list.map((x) => (x.key === f.key ? f : x))));
      if (failed.length) throw new Error(t('someFilesFailed'));
    },
    onSuccess: () => {
      reset({ body: '' });
      setFiles([]);
    },
    onError: (err) => showServerErrors(err, setError, ['body']),
    onSettled: refresh,
  });

  function submit(e: FormEvent) {
    // Files alone make a reply too; an empty box with no files sends nothing.
    if (!getValues('body').trim()) {
      e.preventDefault();
      if (files.length > 0) send.mutate(null);
      return;
    }
    void handleSubmit((values) => send.mutate(values.body))(e);
  }

  if (closed) return <p className="muted">{t('closedNoReplies')}</p>;
  return (
    <form onSubmit={submit} noValidate className={`reply ${visibility}`} aria-label={t('reply')}>
      {staff && (
        <fieldset className="switch">
          <legend>{t('replyVisibility')}</legend>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} /> {t('publicReply')}
          </label>
          <label>
            <input type="radio" name="visibility" checked={visibility === 'internal'} onChange={() => setVisibility('internal')} /> {t('internalNote')}
          </label>
        </fieldset>
      )}
      <Field label={visibility === 'internal' ? t('yourNote') : t('yourReply')} error={formState.errors.body?.message}>
        {(field) => <textarea {...field} {...register('body')} rows={5} />}
      </Field>
      <FileDrop files={files} onChange={setFiles} label={t('attachFiles')} />
      {send.isError && <ErrorNote error={send.error} />}
      <button type="submit" className="primary" disabled={send.isPending}>
        {visibility === 'internal' ? t('addNote') : t('sendReply')}
      </button>
    </form>
  );
}
