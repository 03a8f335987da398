/**
 * The staff console: the /admin single-page app and the staff routes it uses beyond the other
 * features' (course list/edit/status/exports, sign-up marks and promotion, the knowledge base,
 * dashboard figures). Changing a course's start or place, cancelling it and promoting from the
 * waitlist tell the people concerned through the outbound queue (transactional: not held by quiet
 * hours or caps); their queued reminders follow the course (notifications/course-notices.ts).
 */
import path from 'node:path';
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import type { CourseAdminServices } from '../courses/services.js';
import type { Services } from '../dialogs/types.js';
import { adminCatalogRoutes } from '../http/routes/admin-catalog.js';
import { adminKnowledgeRoutes } from '../http/routes/admin-knowledge.js';
import { adminStatsRoutes } from '../http/routes/admin-stats.js';
import { consoleStaticRoutes } from '../http/routes/console-static.js';
import type { OutboundQueue } from '../bot/ports.js';
import { courseNotices } from '../notifications/course-notices.js';
import { waitlistNotices } from '../notifications/waitlist.js';

/** Where `npm run build:console` writes the app. */
export const CONSOLE_DIST = path.resolve(new URL('../../dist/admin', import.meta.url).pathname);

const optionsSchema = z.object({
  courses: z.custom<CourseAdminServices>((v) => typeof v === 'object' && v !== null),
  queue: z.custom<OutboundQueue>((v) => typeof (v as OutboundQueue | null)?.enqueue === 'function'),
  dist: z.string().optional(),
});

export const consoleFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'console',
  options: optionsSchema,
  apply(ctx, options) {
    const { db, clock, log, knowledge } = ctx.services;
    const { queue } = options;
    const waitlist = waitlistNotices(queue, clock);
    const notices = courseNotices({ db, queue, clock, log });
    ctx.routes(consoleStaticRoutes(options.dist ?? CONSOLE_DIST));
    ctx.staffRoutes(
      adminCatalogRoutes({
        courses: options.courses,
        courseCancelled: async (course, signUps) => void (await notices.cancelled(course, signUps)),
        courseChanged: async (courseId, fields) => void (await notices.changed(courseId, fields)),
        promoted: async (p) => waitlist.waitlistPromoted?.({ ...p, offerExpiresAt: null }),
      }),
    );
    ctx.staffRoutes(adminKnowledgeRoutes({ db, knowledge, now: () => clock.now() }));
    const gazetteer = (options.courses as Partial<CourseAdminServices>).gazetteer;
    ctx.staffRoutes(adminStatsRoutes({ db, countyName: (code) => gazetteer?.countyPlace(code)?.county ?? code }));
  },
};
