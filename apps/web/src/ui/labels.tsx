import { useTranslation } from 'react-i18next';
import type { CaseStatus, Priority } from '../api/types.ts';

/** Priority as a coloured label with its word: never colour alone. */
export function PriorityLabel({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return <span className={`priority ${priority}`}>{t(`priority.${priority}`)}</span>;
}

/** Status as a neutral label, in the reader's words: staff read "Waiting on customer", the customer "Waiting for you". */
export function StatusLabel({ status, staff = false }: { status: CaseStatus; staff?: boolean }) {
  const { t } = useTranslation();
  return <span className="status">{t(`${staff ? 'staffStatus' : 'status'}.${status}`)}</span>;
}
