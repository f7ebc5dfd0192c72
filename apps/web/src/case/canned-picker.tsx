import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCannedReplies } from '../api/canned-replies.ts';
import { endpoints } from '../api/endpoints.ts';
import { ErrorNote } from '../ui/states.tsx';

/**
 * Picks a canned reply by name with the keyboard (type to filter, arrows to move, Enter to insert)
 * and hands back its text filled in for this case by the server, in the customer's language, with
 * the status it suggests. Nothing is sent: the text lands in the reply box to read and edit.
 */
export function CannedPicker({ caseId, onPick }: { caseId: string; onPick: (text: string, status: 'waiting_on_customer' | 'resolved' | null) => void }) {
  const { t } = useTranslation();
  const listId = useId();
  const replies = useCannedReplies();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const all = replies.data?.items ?? [];
  if (replies.isSuccess && all.length === 0) return null;
  const matches = all.filter((r) => r.name.toLowerCase().includes(text.trim().toLowerCase())).slice(0, 20);

  async function pick(id: string) {
    setOpen(false);
    setText('');
    try {
      const filled = await endpoints.cannedReplies.render(caseId, id);
      setError(null);
      onPick(filled.body, filled.status);
    } catch (err) {
      setError(err);
    }
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      setOpen(true);
      setActive((i) => Math.min(i + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') {
      if (open && matches[active]) void pick(matches[active].id);
    } else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
  }

  return (
    <div className="canned-picker">
      <label htmlFor={`${listId}-input`}>{t('teamday.canned.pick')}</label>
      <input
        id={`${listId}-input`}
        role="combobox"
        autoComplete="off"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
        value={text}
        placeholder={t('teamday.canned.placeholder')}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t('teamday.canned.list')} hidden={!open || matches.length === 0}>
        {matches.map((r, i) => (
          <li key={r.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={(e) => e.preventDefault()} onClick={() => void pick(r.id)}>
            {r.name}
            {r.shared && <span className="muted"> · {t('teamday.canned.shared')}</span>}
            {r.status && <span className="muted"> · {t(`staffStatus.${r.status}`)}</span>}
          </li>
        ))}
      </ul>
      {error != null && <ErrorNote error={error} />}
    </div>
  );
}
