// The WEBHOOKS queue message: one attempt of one delivery. A message is untrusted input, so it is validated.
import { z } from 'zod';
import { REQUEST_ID_PATTERN } from '../../platform/context';
import { UUID_PATTERN } from '../../platform/ids';

export const AttemptMessageSchema = z.object({
  deliveryId: z.string().regex(UUID_PATTERN),
  /**
   * The delivery's attempt count this message continues from: the attempt claims the row only while the count is
   * still this, so a duplicate or stale message (at-least-once queues, a concurrent manual retry) sends nothing.
   */
  attempts: z.number().int().min(0),
  /** Unix ms when the attempt is due; a message that arrives early (a wait past 12 h) is sent on again. */
  dueAt: z.number().int().min(0).optional(),
  requestId: z.string().regex(REQUEST_ID_PATTERN),
});

export type AttemptMessage = z.infer<typeof AttemptMessageSchema>;

export type AttemptQueue = Pick<Queue<AttemptMessage>, 'send' | 'sendBatch'>;
