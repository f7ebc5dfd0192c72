import { deleteBundleRequest, formatBytes } from '@casebook/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBundleFile, useBundleManifest, useBundles, useCreateUploadToken, useDeleteBundle } from '../api/diagnostics.ts';
import { endpoints } from '../api/endpoints.ts';
import type { Bundle, BundleManifest } from '../api/types.ts';
import { Dialog } from '../ui/dialog.tsx';
import { Field } from '../ui/field.tsx';
import { showServerErrors, useSchemaForm } from '../ui/form.ts';
import { ErrorNote } from '../ui/states.tsx';
import { Time } from '../ui/time.tsx';

type Tree = { name: string; path: string; size?: number; children: Tree[] };

/** The manifest's flat list of paths as a tree of folders and files. */
function toTree(files: BundleManifest['files']): Tree {
  const root: Tree = { name: '', path: '', children: [] };
  for (const f of files) {
    let node = root;
    const parts = f.path.split('/');
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join('/');
      let child = node.children.find((c) => c.name === part);
      if (!child) {
        child = { name: part, path, children: [], ...(i === parts.length - 1 && { size: f.size }) };
        node.children.push(child);
      }
      node = child;
    });
  }
  return root;
}

function TreeView({ node, onOpen, lang }: { node: Tree; onOpen: (path: string) => void; lang: string }) {
  return (
    <ul className="bundle-tree">
      {node.children.map((c) =>
        c.children.length ? (
          <li key={c.path}>
            <details open>
              <summary>{c.name}/</summary>
              <TreeView node={c} onOpen={onOpen} lang={lang} />
            </details>
          </li>
        ) : (
          <li key={c.path}>
            <button type="button" className="link-button" onClick={() => onOpen(c.path)}>
              {c.name}
            </button>{' '}
            <span className="muted">({formatBytes(c.size ?? 0, lang)})</span>
          </li>
        ),
      )}
    </ul>
  );
}

/** One file of the bundle: text with a search that keeps the matching lines; anything else as a download. */
function FileViewer({ bundleId, path }: { bundleId: string; path: string }) {
  const { t } = useTranslation();
  const file = useBundleFile(bundleId, path);
  const [search, setSearch] = useState('');
  const lines = useMemo(() => (file.data?.text ? file.data.body.split('\n') : []), [file.data]);
  const shown = search ? lines.map((line, i) => ({ line, n: i + 1 })).filter((l) => l.line.toLowerCase().includes(search.toLowerCase())) : lines.map((line, i) => ({ line, n: i + 1 }));
  if (file.isError) return <ErrorNote error={file.error} />;
  if (!file.data) return <p className="muted">{t('diagnostics.loading')}</p>;
  if (!file.data.text) {
    return (
      <p>
        {t('diagnostics.binary')} <a href={endpoints.diagnostics.fileUrl(bundleId, path)}>{t('diagnostics.downloadFile')}</a>
      </p>
    );
  }
  return (
    <div className="bundle-file">
      <label>
        {t('diagnostics.search')} <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <p className="muted" role="status">
        {t('diagnostics.matches', { count: shown.length, total: lines.length })}
      </p>
      <pre tabIndex={0} aria-label={path}>
        {shown.slice(0, 5000).map((l) => (
          <span key={l.n}>
            <span className="muted">{String(l.n).padStart(5, ' ')} </span>
            {l.line}
            {'\n'}
          </span>
        ))}
      </pre>
    </div>
  );
}

function OpenBundle({ bundle }: { bundle: Bundle }) {
  const { t, i18n } = useTranslation();
  const manifest = useBundleManifest(bundle.id);
  const [path, setPath] = useState<string | null>(null);
  if (manifest.isError) return <ErrorNote error={manifest.error} />;
  if (!manifest.data) return <p className="muted">{t('diagnostics.loading')}</p>;
  const masked = manifest.data.masking.reduce((n, m) => n + m.count, 0);
  return (
    <div className="bundle-open">
      <h3>{t('diagnostics.masking')}</h3>
      {manifest.data.masking.length ? (
        <ul>
          {manifest.data.masking.map((m) => (
            <li key={m.rule}>
              {m.rule}: {m.count}
            </li>
          ))}
          <li>
            <strong>{t('diagnostics.maskedTotal', { count: masked })}</strong>
          </li>
        </ul>
      ) : (
        <p className="muted">{t('diagnostics.noMasking')}</p>
      )}
      <h3>{t('diagnostics.files', { count: manifest.data.files.length })}</h3>
      <TreeView node={toTree(manifest.data.files)} onOpen={setPath} lang={i18n.language} />
      {path && (
        <>
          <h3>{path}</h3>
          <FileViewer key={path} bundleId={bundle.id} path={path} />
        </>
      )}
    </div>
  );
}

/**
 * A one-case upload token for the collector, shown once, with the command that uses it: the token
 * goes in the environment (never on the command line), the case by its number.
 */
function UploadToken({ caseId, caseNumber }: { caseId: string; caseNumber: string }) {
  const { t } = useTranslation();
  const make = useCreateUploadToken(caseId);
  return (
    <div>
      <button type="button" onClick={() => make.mutate()} disabled={make.isPending}>
        {t('diagnostics.makeToken')}
      </button>
      {make.isError && <ErrorNote error={make.error} />}
      {make.data && (
        <p role="status">
          {t('diagnostics.tokenOnce')} <code className="secret">{make.data.token}</code>{' '}
          <span className="muted">
            ({t('diagnostics.tokenUntil')} <Time at={make.data.expiresAt} />)
          </span>
        </p>
      )}
      {make.data && (
        <>
          <p>{t('diagnostics.tokenCommand')}</p>
          <pre className="command">
            <code>{`export CASEBOOK_UPLOAD_TOKEN=…\nnode casebook-collect.mjs collect --upload --case ${caseNumber} --url ${window.location.origin}`}</code>
          </pre>
        </>
      )}
    </div>
  );
}

/**
 * The case's diagnostic bundles. Customers see them and make an upload token for the collector;
 * engineers open those encrypted to the vendor: the manifest as a tree, the masking counts, and a
 * file viewer with search. Every opening is audited by the server.
 */
export function BundlesPanel({ caseId, caseNumber, staff, closed }: { caseId: string; caseNumber: string; staff: boolean; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const bundles = useBundles(caseId);
  const [open, setOpen] = useState<string | null>(null);
  const items = bundles.data ?? [];
  return (
    <section className="card" aria-labelledby="bundles-h">
      <h2 id="bundles-h">{t('diagnostics.title')}</h2>
      {bundles.isError && <ErrorNote error={bundles.error} />}
      {items.length === 0 ? (
        <p className="muted">{t('diagnostics.none')}</p>
      ) : (
        <ul className="bundles">
          {items.map((b) => (
            <li key={b.id}>
              <strong>{b.filename}</strong> <span className="muted">({formatBytes(b.size, i18n.language)})</span> <span className={`tag bundle-${b.status}`}>{t(`diagnostics.status.${b.status}`)}</span>
              <div className="muted">
                {t('diagnostics.by', { name: b.uploadedBy.name })} {b.uploadedAt && <Time at={b.uploadedAt} />}
                {b.expiresAt && b.status === 'available' && (
                  <>
                    {' · '}
                    {t('diagnostics.expires')} <Time at={b.expiresAt} />
                  </>
                )}
                {' · '}
                {b.recipients.map((r) => (r === 'vendor' ? t('diagnostics.vendor') : t('diagnostics.partner'))).join(', ')}
                {b.statusReason && ` · ${t(`diagnostics.reason.${b.statusReason}`, { defaultValue: b.statusReason })}`}
              </div>
              <div className="muted">
                SHA-256 <code>{b.sha256}</code>
              </div>
              {staff && b.status === 'available' && (
                <div className="actions">
                  {b.canOpen ? (
                    <>
                      <button type="button" aria-expanded={open === b.id} onClick={() => setOpen(open === b.id ? null : b.id)}>
                        {open === b.id ? t('diagnostics.close') : t('diagnostics.open')}
                      </button>
                      <a href={endpoints.diagnostics.downloadUrl(b.id)}>{t('diagnostics.download')}</a>
                    </>
                  ) : (
                    <span className="muted">{t('diagnostics.partnerOnly')}</span>
                  )}
                  <DeleteBundle caseId={caseId} bundle={b} />
                </div>
              )}
              {open === b.id && <OpenBundle bundle={b} />}
            </li>
          ))}
        </ul>
      )}
      {!staff && !closed && <UploadToken caseId={caseId} caseNumber={caseNumber} />}
    </section>
  );
}

/**
 * Deleting a bundle before its retention ends: a dialog asks why (the shared schema's rule, checked
 * before sending); the reason goes into the audit log with the deletion.
 */
function DeleteBundle({ caseId, bundle }: { caseId: string; bundle: Bundle }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const remove = useDeleteBundle(caseId);
  const { register, handleSubmit, setError, reset, formState } = useSchemaForm(deleteBundleRequest, { reason: '' });
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
      trigger={
        <button type="button" aria-label={t('diagnostics.deleteNamed', { name: bundle.filename })}>
          {t('diagnostics.delete')}
        </button>
      }
      title={t('diagnostics.deleteNamed', { name: bundle.filename })}
      description={t('diagnostics.deleteExplained')}
    >
      <form
        noValidate
        onSubmit={handleSubmit((body) =>
          remove.mutate({ id: bundle.id, reason: body.reason }, { onSuccess: () => setOpen(false), onError: (err) => showServerErrors(err, setError, ['reason']) }),
        )}
      >
        <Field label={t('diagnostics.deleteReason')} error={formState.errors.reason?.message}>
          {(field) => <textarea {...field} {...register('reason')} rows={3} />}
        </Field>
        {remove.isError && <ErrorNote error={remove.error} />}
        <button type="submit" className="danger" disabled={remove.isPending}>
          {t('diagnostics.deleteConfirm')}
        </button>
      </form>
    </Dialog>
  );
}
