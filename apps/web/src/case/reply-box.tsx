import { createCommentRequest } from '@casebook/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddComment, useRefreshCase } from '../api/cases.ts';
import type { CaseStatus, SupportCase } from '../api/types.ts';
import { Field } from '../ui/field.tsx';
import { FileDrop, sendFiles, type PendingFile } from '../ui/file-drop.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { ErrorNote } from '../ui/states.tsx';
import { CannedPicker } from './canned-picker.tsx';

/** The text of a reply and the status it may set, checked by the shared schema; files may go without text. */
const replyForm = createCommentRequest.pick({ body: true, status: true });

/** The statuses staff may give a case with a reply, so the customer gets one message for both. */
const STATUS_WITH_REPLY = ['waiting_on_customer', 'resolved', 'on_hold'] as const satisfies readonly CaseStatus[];

/**
 * The reply box. Those who may write internal notes (`abilities.canWriteInternal`) choose public or internal; it starts on internal while the case is new so a
 * first triage note never reaches the customer by accident. Staff may set the status with the reply
 * (among the moves the server allows from where the case is), but only with "Send and set status":
 * "Send" never changes it, so a status chosen and forgotten does not go out by accident. Staff insert
 * canned replies by name (`CannedPicker`). Files go first and travel with the reply, so its email
 * names them. Text stays in the box when sending fails.
 */
export function ReplyBox({ supportCase }: { supportCase: SupportCase }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase(supportCase.id);
  const { register, handleSubmit, getValues, setValue, watch, reset, setError, formState } = useSchemaForm(replyForm, { body: '', status: undefined });
  const { canWriteInternal } = supportCase.abilities;
  const [visibility, setVisibility] = useState<'public' | 'internal'>(canWriteInternal && supportCase.status === 'new' ? 'internal' : 'public');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const addComment = useAddComment(supportCase.id);
  const closed = supportCase.status === 'closed';
  const statusChoices = STATUS_WITH_REPLY.filter((s) => supportCase.abilities.nextStatuses.includes(s));

  const send = useMutation({
    /** `null`: files alone, without a reply. */
    mutationFn: async (reply: { body: string; status?: CaseStatus | undefined } | null) => {
      const { failed, attachmentIds } = await sendFiles(supportCase.id, files, visibility, (f) => setFiles((list) => list.map((x) => (x.key === f.key ? f : x))));
      if (failed.length) throw new Error(t('someFilesFailed'));
      if (reply) await addComment.mutateAsync({ body: reply.body, visibility, ...(reply.status && { status: reply.status }), ...(attachmentIds.length > 0 && { attachmentIds }) });
    },
    onSuccess: () => {
      reset({ body: '', status: undefined });
      setFiles([]);
    },
    onError: (err) => showServerErrors(err, setError, ['body', 'status']),
    onSettled: refresh,
  });

  const chosenStatus = watch('status');

  function submit(e: FormEvent) {
    // Only the "Send and set status" button sends the chosen status; "Send" (and Enter) never does.
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const withStatus = submitter instanceof HTMLButtonElement && submitter.value === 'with-status';
    // Files alone make a reply too; an empty box with no files sends nothing. A status goes with a reply's text.
    if (!getValues('body').trim() && !withStatus) {
      e.preventDefault();
      if (files.length > 0) send.mutate(null);
      return;
    }
    void handleSubmit((values) => send.mutate(withStatus ? values : { body: values.body }))(e);
  }

  function insertCanned(text: string, status: 'waiting_on_customer' | 'resolved' | null) {
    const current = getValues('body');
    setValue('body', current.trim() ? `${current.trimEnd()}\n\n${text}` : text, { shouldDirty: true });
    setVisibility('public');
    if (status && statusChoices.includes(status)) setValue('status', status);
  }

  if (closed) return <p className="muted">{t('closedNoReplies')}</p>;
  return (
    <form onSubmit={submit} noValidate className={`reply ${visibility}`} aria-label={t('reply')}>
      {canWriteInternal && (
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
      {canWriteInternal && <CannedPicker caseId={supportCase.id} onPick={insertCanned} />}
      <Field label={visibility === 'internal' ? t('yourNote') : t('yourReply')} error={formState.errors.body?.message}>
        {(field) => <textarea {...field} {...register('body')} rows={5} />}
      </Field>
      <FileDrop files={files} onChange={setFiles} label={t('attachFiles')} />
      {canWriteInternal && statusChoices.length > 0 && (
        <Field label={t('statusWithReply')} error={formState.errors.status?.message}>
          {(field) => (
            <select {...field} {...register('status', { setValueAs: (v: string) => (v === '' ? undefined : v) })}>
              <option value="">{t('teamday.canned.chooseStatus')}</option>
              {statusChoices.map((s) => (
                <option key={s} value={s}>
                  {t(`staffStatus.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {send.isError && <ErrorNote error={send.error} />}
      <div className="reply-actions">
        <button type="submit" className="primary" value="send" disabled={send.isPending}>
          {visibility === 'internal' ? t('addNote') : t('sendReply')}
        </button>
        {canWriteInternal && statusChoices.length > 0 && (
          <button type="submit" value="with-status" disabled={send.isPending || !chosenStatus}>
            {chosenStatus ? t('teamday.canned.sendAndSet', { status: t(`staffStatus.${chosenStatus}`) }) : t('teamday.canned.sendAndSetNone')}
          </button>
        )}
      </div>
    </form>
  );
}
