import type { BlobStorage } from '../../adapters/blob-storage.ts';
import type { Clock } from '../../adapters/clock.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/store.ts';
import type { PagingService } from '../paging/paging.service.ts';
import type { SlaService } from '../sla/sla.service.ts';

export interface CaseSettings {
  support: Config['support'];
  attachmentMaxBytes: number;
  autoCloseDays: number;
}

/** What the case operations are given: the store, the adapters they use and the settings. */
export interface CaseDeps {
  store: Store;
  clock: Clock;
  blobs: BlobStorage;
  settings: CaseSettings;
  sla: SlaService;
  /** Pages the engineer on duty for urgent cases; absent in tools that load data. */
  paging?: Pick<PagingService, 'trigger' | 'resolveForCase' | 'isCovered'> | undefined;
}
