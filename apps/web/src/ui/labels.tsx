import { useTranslation } from 'react-i18next';
import type { CaseStatus, Priority } from '../api/types.ts';

/** Priority as a coloured label with its word: never colour alone. */
export function PriorityLabel({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return <span className={`priority ${priority}`}>{t(`priority.${priority}`)}</span>;
}

/** Status as a neutral label. */
export function StatusLabel({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className="status">{t(`status.${status}`)}</span>;
}
