import type { RegionCode } from '@casebook/calendar';
import type { regionPagingRequest } from '@casebook/contracts';
import type { z } from 'zod';
import type { Clock } from '../../adapters/clock.ts';
import type { Store } from '../../db/store.ts';
import type { SecretBox } from '../../adapters/secret-box.ts';
import { AppError } from '../../errors.ts';
import type { UserActor, UserCtx } from '../identity/actor.ts';
import { pagingPolicy as policy } from './paging.policy.ts';

const ends = (secret: string) => `…${secret.slice(-4)}`;

/**
 * Each region's paging integrations (PagerDuty routing key, signed webhook), set by admins. The
 * routing key and the webhook secret are stored sealed with a key derived from the server's secret
 * (a copy of the database alone does not yield them) and never returned, only their last characters.
 */
export class PagingIntegrations {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
  ) {}

  async list(actor: UserActor) {
    if (!policy.canManage(actor)) throw new AppError('forbidden');
    const rows = new Map((await this.store.read.paging.allRegionPaging()).map((r) => [r.region, r]));
    return (['AMER', 'EMEA', 'APJ', 'IL'] as const).map((region) => {
      const r = rows.get(region);
      return {
        region,
        pagerDuty: r?.pagerduty_routing_key ? { routingKeyEnd: ends(this.secrets.open(r.pagerduty_routing_key, `${region}:pagerduty`)) } : null,
        webhook: r?.webhook_url && r.webhook_secret ? { url: r.webhook_url, secretEnd: ends(this.secrets.open(r.webhook_secret, `${region}:webhook`)) } : null,
        updatedAt: r?.updated_at ?? null,
      };
    });
  }

  async set(ctx: UserCtx, region: RegionCode, input: z.infer<typeof regionPagingRequest>) {
    if (!policy.canManage(ctx.actor)) throw new AppError('forbidden');
    const now = this.clock.now();
    await this.store.transaction(async (tx) => {
      await tx.paging.setRegionPaging({
        region,
        pagerduty_routing_key: input.pagerDuty ? this.secrets.seal(input.pagerDuty.routingKey, `${region}:pagerduty`) : null,
        webhook_url: input.webhook?.url ?? null,
        webhook_secret: input.webhook ? this.secrets.seal(input.webhook.secret, `${region}:webhook`) : null,
        updated_at: now.toISOString(),
      });
      // Never the secrets themselves: which integrations are on, and where the webhook points.
      await tx.audit.record(ctx, now, { action: 'region.paging_set', targetType: 'region', targetId: region, after: { pagerDuty: input.pagerDuty != null, webhook: input.webhook ? { url: input.webhook.url } : null } });
    });
    return (await this.list(ctx.actor)).find((r) => r.region === region)!;
  }
}
