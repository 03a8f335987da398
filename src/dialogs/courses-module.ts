/**
 * The course dialogs as an app module: find courses, details, eligibility, sign-up, my
 * sign-ups, entrepreneurship, plus the intents that open them from free text (see
 * course-intents.ts for the rule that keeps policy questions with policy Q&A).
 * HTTP routes of the catalog are added by the courses module separately.
 */
import type { AppModule } from '../app.js';
import type { Services } from '../bot/services.js';
import { courseDetailDialog } from './course-detail.js';
import { courseIntents } from './course-intents.js';
import { eligibilityDialog } from './eligibility.js';
import { entrepreneurshipDialog } from './entrepreneurship.js';
import { findCoursesDialog } from './find-courses.js';
import { myEnrollmentsDialog } from './my-enrollments.js';
import { signUpDialog } from './sign-up.js';
import type { Dialog } from './types.js';

/** Every course dialog, by the ids the router and the other dialogs use. */
export const courseDialogs: Dialog<any, any>[] = [
  findCoursesDialog,
  courseDetailDialog,
  eligibilityDialog,
  signUpDialog,
  myEnrollmentsDialog,
  entrepreneurshipDialog,
];

export { courseIntents };

/** The module for createApp({ modules }). `services` is unused today (dialogs get it per turn). */
export function coursesModule(_services?: Services): AppModule {
  return { dialogs: courseDialogs, intents: courseIntents };
}
