/**
 * Outcomes (the plan measures 合格率 and 就业创业成功率): staff mark attendance and certification
 * on a sign-up (PATCH /api/admin/enrollments/:id). The follow-up questions and their answers are
 * the notifications feature's (a job and a reply context); both end up on the Enrollment row.
 */
import type { Feature } from '../bot/feature.js';
import type { Services } from '../dialogs/types.js';
import { adminEnrollmentRoutes } from '../http/routes/admin-enrollments.js';

export const outcomesFeature: Feature<Services> = {
  name: 'outcomes',
  apply(ctx) {
    const { db, clock } = ctx.services;
    ctx.staffRoutes(adminEnrollmentRoutes({ db, now: () => clock.now() }));
  },
};
