import { formatBytes } from '@casebook/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMarketplace, useMarketplaceItem } from '../api/diagnostics.ts';
import { endpoints } from '../api/endpoints.ts';
import { ErrorNote, Loading } from '../ui/states.tsx';
import { Time } from '../ui/time.tsx';

/** The downloads catalogue: tools, integrations and plugins, searchable. */
export function Marketplace() {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const items = useMarketplace(q.trim());
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  return (
    <main className="page">
      <h1>{t('diagnostics.marketplace')}</h1>
      <p>{t('diagnostics.marketplaceIntro')}</p>
      <label>
        {t('diagnostics.search')} <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {items.isError && <ErrorNote error={items.error} />}
      {items.data && items.data.length === 0 && <p className="muted">{t('diagnostics.noItems')}</p>}
      <ul className="market">
        {items.data?.map((item) => (
          <li key={item.slug} className="card">
            <h2>
              <Link to={`/marketplace/${item.slug}`}>{item.name}</Link> <span className="tag">{t(`diagnostics.kind.${item.kind}`)}</span>
            </h2>
            <p>{item.summary[lang]}</p>
            {item.latest ? (
              <p className="muted">
                {t('diagnostics.latest', { version: item.latest.version, platform: item.latest.platform })} · {formatBytes(item.latest.size, lang)} · <Time at={item.latest.publishedAt} />
              </p>
            ) : (
              <p className="muted">{t('diagnostics.noVersion')}</p>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}

/** One item: every version with its checksum, release notes, and how to verify a download. */
export function MarketplaceItemPage() {
  const { t, i18n } = useTranslation();
  const { slug = '' } = useParams();
  const item = useMarketplaceItem(slug);
  const lang = i18n.language === 'fr' ? 'fr' : 'en';
  if (item.isError) return <ErrorNote error={item.error} />;
  if (!item.data) return <Loading />;
  const d = item.data;
  return (
    <main className="page">
      <p>
        <Link to="/marketplace">← {t('diagnostics.marketplace')}</Link>
      </p>
      <h1>{d.name}</h1>
      <p>{d.summary[lang]}</p>
      <h2>{t('diagnostics.verifyTitle')}</h2>
      <p>{t('diagnostics.verifyText')}</p>
      <pre>sha256sum {d.versions[0]?.filename ?? 'FILE'}</pre>
      <h2>{t('diagnostics.versions')}</h2>
      {d.versions.length === 0 && <p className="muted">{t('diagnostics.noVersion')}</p>}
      <ul className="versions">
        {d.versions.map((v) => (
          <li key={`${v.version}-${v.platform}`} className="card">
            <h3>
              {v.version} · {v.platform} {v.retiredAt && <span className="tag">{t('diagnostics.retired')}</span>}
            </h3>
            <p className="muted">
              {formatBytes(v.size, lang)} · <Time at={v.publishedAt} />
            </p>
            <p>
              SHA-256 <code className="checksum">{v.sha256}</code>
            </p>
            {v.notes && <p className="notes">{v.notes}</p>}
            {!v.retiredAt && (
              <a href={endpoints.marketplace.downloadUrl(d.slug, v.version, v.platform)} download={v.filename}>
                {t('diagnostics.downloadVersion', { file: v.filename })}
              </a>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
