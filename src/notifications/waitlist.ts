/**
 * Waitlist news (a producer: it only enqueues). The courses domain reports that a waitlisted
 * person got a seat — with a confirmation deadline when WAITLIST_CONFIRM_HOURS holds offers — or
 * that an offer expired and passed on; this queues the messages. The offer carries a reply
 * context (1 确认 / 2 放弃, see replies.ts).
 */
import type { OutboundQueue } from '../bot/ports.js';
import type { EnrollmentEvents } from '../courses/enrollment.js';
import type { Clock } from '../shared/clock.js';
import { noticeTexts } from './texts.js';

export function waitlistNotices(queue: OutboundQueue, clock: Clock): EnrollmentEvents {
  return {
    async waitlistPromoted(p) {
      const now = clock.now();
      const hold = p.offerExpiresAt ? Math.round((p.offerExpiresAt.getTime() - now.getTime()) / 3600_000) : 0;
      await queue.enqueue([
        {
          userId: p.userId,
          phone: p.phone,
          kind: p.offerExpiresAt ? 'waitlist-offer' : 'waitlist-promoted',
          priority: 'transactional',
          body: p.offerExpiresAt ? noticeTexts.waitlistOffer(p.course, hold) : noticeTexts.waitlistPromoted(p.course),
          ...(p.offerExpiresAt ? { replyContext: { type: 'waitlist-offer', enrollmentId: p.enrollmentId } } : {}),
          notBefore: now,
          idempotencyKey: `waitlist-promoted:${p.enrollmentId}`,
        },
      ]);
    },
    async offerExpired(p) {
      await queue.enqueue([
        {
          userId: p.userId,
          phone: p.phone,
          kind: 'waitlist-passed',
          priority: 'transactional',
          body: noticeTexts.offerExpired(p.course),
          notBefore: clock.now(),
          idempotencyKey: `waitlist-passed:${p.enrollmentId}`,
        },
      ]);
    },
  };
}
