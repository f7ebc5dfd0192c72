import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Comment, SupportCase } from '../api/types.ts';
import { FileDrop, sendFiles, type PendingFile } from '../ui/file-drop.tsx';
import { ErrorNote } from '../ui/states.tsx';

/**
 * The reply box. Staff choose public or internal; it starts on internal while the case is new so a
 * first triage note never reaches the customer by accident. Text stays in the box when sending fails.
 */
export function ReplyBox({ supportCase, staff }: { supportCase: SupportCase; staff: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>(staff && supportCase.status === 'new' ? 'internal' : 'public');
  const [files, setFiles] = useState<PendingFile[]>([]);
  const closed = supportCase.status === 'closed';

  const send = useMutation({
    mutationFn: async () => {
      if (body.trim()) await api<Comment>('POST', `/api/v1/cases/${supportCase.id}/comments`, { body, visibility });
      const failed = await sendFiles(supportCase.id, files, visibility, (f) => setFiles((list) => list.map((x) => (x.key === f.key ? f : x))));
      if (failed.length) throw new Error(t('someFilesFailed'));
    },
    onSuccess: () => {
      setBody('');
      setFiles([]);
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
      {send.isError && <ErrorNote error={send.error} />}
      <button type="submit" className="primary" disabled={send.isPending}>
        {visibility === 'internal' ? t('addNote') : t('sendReply')}
      </button>
    </form>
  );
}
