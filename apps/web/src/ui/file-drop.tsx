import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { upload } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Attachment } from '../api/types.ts';

export interface PendingFile {
  key: string;
  file: File;
  /** 0..1 while uploading; null before. */
  progress: number | null;
  error?: string;
  done?: boolean;
  /** The stored attachment, once sent. */
  attachmentId?: string;
}

const formatSize = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(0)} KB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024 ** 3).toFixed(2)} GB`);

/** Files chosen by drag and drop or the file picker, each with its own progress bar once sending. */
export function FileDrop({ files, onChange, label }: { files: PendingFile[]; onChange: (files: PendingFile[]) => void; label: string }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const add = (list: FileList | null) => {
    if (!list) return;
    onChange([...files, ...[...list].map((file) => ({ key: `${file.name}-${file.size}-${Math.random()}`, file, progress: null }))]);
  };
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        add(e.dataTransfer.files);
      }}
    >
      <label htmlFor={id}>{label}</label>
      <p className="muted">{t('dropHint')}</p>
      <input id={id} ref={input} type="file" multiple onChange={(e) => add(e.target.files)} />
      {files.length > 0 && (
        <ul className="files">
          {files.map((f) => (
            <li key={f.key}>
              <span>
                {f.file.name} <span className="muted">({formatSize(f.file.size)})</span>
              </span>
              {f.progress !== null && <progress max={1} value={f.progress} aria-label={t('uploading', { name: f.file.name })} />}
              {f.done && <span className="ok">{t('uploaded')}</span>}
              {f.error && <span className="error">{f.error}</span>}
              {f.progress === null && (
                <button type="button" onClick={() => onChange(files.filter((x) => x.key !== f.key))} aria-label={t('removeFile', { name: f.file.name })}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Sends each pending file to a case in turn, updating its progress. Resolves with the files that
 * failed (kept so the person can retry), so nothing chosen is silently dropped, and the ids of
 * every file sent (this time or before), for a reply to carry.
 */
export async function sendFiles(
  caseId: string,
  files: PendingFile[],
  visibility: 'public' | 'internal',
  update: (f: PendingFile) => void,
): Promise<{ failed: PendingFile[]; attachmentIds: string[] }> {
  const failed: PendingFile[] = [];
  const attachmentIds: string[] = [];
  for (const f of files) {
    if (f.done) {
      if (f.attachmentId) attachmentIds.push(f.attachmentId);
      continue;
    }
    update({ ...f, progress: 0, error: undefined });
    try {
      const stored = await upload<Attachment>(endpoints.cases.uploadUrl(caseId, visibility), f.file, (p) => update({ ...f, progress: p })).done;
      attachmentIds.push(stored.id);
      update({ ...f, progress: 1, done: true, attachmentId: stored.id });
    } catch (err) {
      const failedFile = { ...f, progress: null, error: err instanceof Error ? err.message : String(err) };
      update(failedFile);
      failed.push(failedFile);
    }
  }
  return { failed, attachmentIds };
}

export { formatSize };
