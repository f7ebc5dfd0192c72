import { z } from 'zod';
import { id, isoDateTime } from './common.ts';

/** A calendar date, YYYY-MM-DD, in the organisation's home region. */
export const calendarDate = z.iso.date();

export const plan = z.enum(['standard', 'premium']);
export type Plan = z.infer<typeof plan>;

export const contract = z.object({
  id,
  organizationId: id,
  /** `standard`: business hours of the home region; `premium` adds 24/7 cover. */
  plan,
  startsOn: calendarDate,
  /** Last covered day, inclusive. */
  endsOn: calendarDate,
  products: z.array(z.string()),
  /** The number the customer quotes, and types on the hotline's keypad. */
  number: z.string().nullable(),
  /** Whether today, in the organisation's region, lies within the contract. */
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

const products = z.array(z.string().trim().min(1).max(100)).min(1).max(50);
/** Digits only, so a caller can type it on a phone keypad. */
export const contractNumber = z.string().regex(/^\d{4,20}$/, '4 to 20 digits');

export const createContractRequest = z
  .object({ plan, startsOn: calendarDate, endsOn: calendarDate, products, number: contractNumber.optional() })
  .refine((c) => c.startsOn <= c.endsOn, { message: 'must not be before startsOn', path: ['endsOn'] });

export const updateContractRequest = z
  .object({ plan, startsOn: calendarDate, endsOn: calendarDate, products, number: contractNumber.nullable() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const recordPaymentRequest = z.object({
  /** The contract is extended to this date (inclusive) if it ends earlier. */
  paidThrough: calendarDate,
  /** Invoice or purchase-order reference. */
  reference: z.string().trim().min(1).max(200),
});

export const payment = z.object({
  id,
  contractId: id,
  paidThrough: calendarDate,
  reference: z.string(),
  recordedAt: isoDateTime,
});

export const entitlement = z.object({
  state: z.enum(['entitled', 'not_entitled']),
  plan: plan.nullable(),
  /** The last covered day of the current contracts, when entitled. */
  coveredThrough: calendarDate.nullable(),
});
