import type { z } from 'zod';
import type { listAuditQuery } from '@casebook/contracts';
import type { Store } from '../../db/store.ts';
import { AppError } from '../../errors.ts';
import type { UserActor } from '../identity/actor.ts';
import { auditPolicy } from './audit.policy.ts';

/** Reading the audit log. Writing it is every service's own business, inside its transaction. */
export class AuditService {
  constructor(private readonly store: Store) {}

  async list(actor: UserActor, query: z.infer<typeof listAuditQuery>) {
    if (!auditPolicy.canReadLog(actor)) throw new AppError('forbidden');
    return this.store.read.audit.list(query);
  }
}
