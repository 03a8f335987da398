/**
 * The staff console: the /admin single-page app and the staff routes it uses beyond the other
 * features' (course list/edit/status/exports, sign-up marks and promotion, the knowledge base).
 * Cancelling a course and promoting from the waitlist tell the people concerned through the
 * notifier (the outbound queue will take this over).
 */
import path from 'node:path';
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import type { CourseAdminServices } from '../courses/services.js';
import type { Services } from '../dialogs/types.js';
import { adminCatalogRoutes } from '../http/routes/admin-catalog.js';
import { adminKnowledgeRoutes } from '../http/routes/admin-knowledge.js';
import { consoleStaticRoutes } from '../http/routes/console-static.js';
import type { Notifier } from '../notifications/notifier.js';
import { noticeTexts } from '../notifications/texts.js';
import { waitlistNotices } from '../notifications/waitlist.js';

/** Where `npm run build:console` writes the app. */
export const CONSOLE_DIST = path.resolve(new URL('../../dist/admin', import.meta.url).pathname);

const optionsSchema = z.object({
  courses: z.custom<CourseAdminServices>((v) => typeof v === 'object' && v !== null),
  notifier: z.custom<Notifier>((v) => typeof (v as Notifier | null)?.notify === 'function'),
  dist: z.string().optional(),
});

export const consoleFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'console',
  options: optionsSchema,
  apply(ctx, options) {
    const { db, clock, log, knowledge } = ctx.services;
    const { notifier } = options;
    const waitlist = waitlistNotices(notifier, log);
    ctx.routes(consoleStaticRoutes(options.dist ?? CONSOLE_DIST));
    ctx.staffRoutes(
      adminCatalogRoutes({
        courses: options.courses,
        async courseCancelled(userIds, course) {
          for (const userId of userIds) {
            const r = await notifier.notify(userId, [{ text: noticeTexts.courseCancelled(course), personal: true }]).catch(() => ({ delivered: false }));
            if (!r.delivered) log.warn({ userId }, 'course cancellation not delivered: staff must phone the person');
          }
        },
        promoted: async (p) => waitlist.waitlistPromoted?.(p),
      }),
    );
    ctx.staffRoutes(adminKnowledgeRoutes({ db, knowledge, now: () => clock.now() }));
  },
};
