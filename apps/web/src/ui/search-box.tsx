import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../api/me.ts';
import { useSearch } from '../api/search.ts';
import { isStaff } from '../api/types.ts';
import { PriorityLabel, StatusLabel } from './labels.tsx';

/** Waits this long after the last key before asking the server. */
const DEBOUNCE_MS = 200;

/**
 * The one search box (top bar, console and portal): results as one types, a listbox moved through
 * with the arrow keys (ARIA combobox pattern), Enter opens the case, Escape closes the list.
 * Highlighted passages come from the server as escaped HTML with `<mark>` only.
 */
export function SearchBox() {
  const me = useMe().data;
  const staff = me ? isStaff(me) : false;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  useEffect(() => setActive(0), [q]);

  const results = useSearch(q);
  const items = q ? (results.data?.items ?? []) : [];
  const expanded = open && q.length > 0;

  function go(caseId: string) {
    setOpen(false);
    setText('');
    navigate(`/cases/${caseId}`);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      setOpen(true);
      setActive((i) => Math.min(i + 1, items.length - 1));
    } else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && items[active]) go(items[active].caseId);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
  }

  return (
    <div
      className="site-search"
      role="search"
      ref={box}
      onBlur={(e) => {
        if (!box.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label htmlFor="site-search" className="visually-hidden">
        {t('teamday.search.label')}
      </label>
      <input
        id="site-search"
        type="search"
        role="combobox"
        autoComplete="off"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && items[active] ? `${listId}-${active}` : undefined}
        placeholder={t('teamday.search.placeholder')}
        value={text}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t('teamday.search.results')} className="search-results" hidden={!expanded}>
        {expanded && results.isSuccess && items.length === 0 && (
          <li role="option" aria-selected={false} aria-disabled="true" className="muted">
            {t('teamday.search.none', { q })}
          </li>
        )}
        {items.map((r, i) => (
          <li
            key={r.caseId}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => go(r.caseId)}
          >
            <span className="search-title">
              <PriorityLabel priority={r.priority} /> <span dangerouslySetInnerHTML={{ __html: r.titleHtml }} />
            </span>
            <span className="search-meta">
              <span dangerouslySetInnerHTML={{ __html: r.organizationHtml }} /> · <StatusLabel status={r.status} staff={staff} />
              {r.snippetFrom === 'internal_note' && <> · {t('teamday.search.fromNote')}</>}
            </span>
            {r.snippetHtml && <span className="search-snippet" dangerouslySetInnerHTML={{ __html: r.snippetHtml }} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
