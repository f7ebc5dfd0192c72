import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { CaseStatus, Comment, SupportCase } from '../api/types.ts';
import { FileDrop, sendFiles, type PendingFile } from '../ui/file-drop.tsx';
import { ErrorNote } from '../ui/states.tsx';

/** The statuses staff may give a case with a reply, so the customer gets one message for both. */
const STATUS_WITH_REPLY = ['waiting_on_customer', 'resolved', 'on_hold'] as const satisfies readonly CaseStatus[];

/**
 * The reply box. Staff choose public or internal; it starts on internal while the case is new so a
 * first triage note never reaches the customer by accident. Staff may set the status with the reply.
 * Files go first and travel with the reply, so its email names them. Text stays in the box when
 * sending fails.
 */
export function ReplyBox({ supportCase, staff }: { supportCase: SupportCase; staff: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>(staff && supportCase.status === 'new' ? 'internal' : 'public');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [status, setStatus] = useState<CaseStatus | ''>('');
  const closed = supportCase.status === 'closed';

  const send = useMutation({
    mutationFn: async () => {
      const { failed, attachmentIds } = await sendFiles(supportCase.id, files, visibility, (f) => setFiles((list) => list.map((x) => (x.key === f.key ? f : x))));
      if (failed.length) throw new Error(t('someFilesFailed'));
      if (body.trim()) await api<Comment>('POST', `/api/v1/cases/${supportCase.id}/comments`, { body, visibility, ...(status && { status }), ...(attachmentIds.length > 0 && { attachmentIds }) });
    },
    onSuccess: () => {
      setBody('');
      setFiles([]);
      setStatus('');
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['case', supportCase.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!body.trim() && files.length === 0) return;
    send.mutate();
  }

  if (closed) return <p className="muted">{t('closedNoReplies')}</p>;
  return (
    <form onSubmit={submit} className={`reply ${visibility}`} aria-label={t('reply')}>
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
      <label htmlFor="reply-body">{visibility === 'internal' ? t('yourNote') : t('yourReply')}</label>
      <textarea id="reply-body" rows={5} value={body} onChange={(e) => setBody(e.target.value)} maxLength={50_000} />
      <FileDrop files={files} onChange={setFiles} label={t('attachFiles')} />
      {staff && (
        <>
          <label htmlFor="reply-status">{t('statusWithReply')}</label>
          <select id="reply-status" value={status} onChange={(e) => setStatus(e.target.value as CaseStatus | '')}>
            <option value="">{t('statusUnchanged')}</option>
            {STATUS_WITH_REPLY.filter((s) => s !== supportCase.status).map((s) => (
              <option key={s} value={s}>
                {t(`staffStatus.${s}`)}
              </option>
            ))}
          </select>
        </>
      )}
      {send.isError && <ErrorNote error={send.error} />}
      <button type="submit" className="primary" disabled={send.isPending}>
        {visibility === 'internal' ? t('addNote') : t('sendReply')}
      </button>
    </form>
  );
}
