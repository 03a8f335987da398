/**
 * Courses: find courses (by location, place or trade), details, eligibility, sign-up, my
 * sign-ups and entrepreneurship advice in chat — their dialogs, intents and menu items — and,
 * when the catalog's staff services are given, the public catalog API and the staff routes
 * (import, sign-ups). See dialogs/courses/intents.ts for the rule that keeps policy questions
 * with policy Q&A.
 */
import { z } from 'zod';
import type { Feature } from '../bot/feature.js';
import type { CourseAdminServices } from '../courses/services.js';
import { courseDetailDialog } from '../dialogs/courses/detail.js';
import { eligibilityDialog } from '../dialogs/courses/eligibility.js';
import { entrepreneurshipDialog } from '../dialogs/courses/entrepreneurship.js';
import { findCoursesDialog } from '../dialogs/courses/find.js';
import { courseIntents } from '../dialogs/courses/intents.js';
import { myEnrollmentsDialog } from '../dialogs/courses/my-enrollments.js';
import { signUpDialog } from '../dialogs/courses/sign-up.js';
import type { Dialog, Services } from '../dialogs/types.js';
import { adminCourseRoutes } from '../http/routes/admin-courses.js';
import { courseRoutes } from '../http/routes/courses.js';

/** Every course dialog, by the ids the menu, the intents and the other dialogs use. */
export const courseDialogs: Dialog<any, any>[] = [
  findCoursesDialog,
  courseDetailDialog,
  eligibilityDialog,
  signUpDialog,
  myEnrollmentsDialog,
  entrepreneurshipDialog,
];

const optionsSchema = z
  .object({
    /** The catalog's staff services: mounts GET /api/courses… and the staff routes. */
    http: z.custom<CourseAdminServices>((v) => typeof v === 'object' && v !== null).optional(),
  })
  .default({});

export const coursesFeature: Feature<Services, z.infer<typeof optionsSchema>> = {
  name: 'courses',
  options: optionsSchema,
  apply(ctx, options) {
    ctx.dialog(...courseDialogs);
    // A shared location asks for courses nearby.
    ctx.intent({ dialog: findCoursesDialog.id, match: (input) => (input.location ? { location: input.location } : null) });
    ctx.intent(...courseIntents);
    ctx.menu({ key: 'courses', label: '找课程', order: 20, dialog: findCoursesDialog.id });
    ctx.menu({ key: 'my', label: '我的报名', order: 30, dialog: myEnrollmentsDialog.id });
    ctx.menu({ key: 'startup', label: '创业指导', order: 40, dialog: entrepreneurshipDialog.id });
    if (options.http) {
      ctx.routes(courseRoutes(options.http));
      ctx.staffRoutes(adminCourseRoutes(options.http));
    }
  },
};
