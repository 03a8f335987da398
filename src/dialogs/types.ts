/**
 * The kernel's dialog contract (src/bot/dialog.ts), specialized to the services every feature's
 * dialogs may use: the kernel basics (db, clock, log) plus the two domains, policy knowledge and
 * the course catalog. Dialogs import their types from here.
 */
import type {
  Dialog as KernelDialog,
  DialogContext as KernelDialogContext,
  IntentMatcher as KernelIntentMatcher,
  KernelServices,
} from '../bot/dialog.js';
import type { CourseServices } from '../courses/types.js';
import type { KnowledgeBase } from '../knowledge/types.js';

export type { DialogInput, DialogUser, Reply, StepResult } from '../bot/dialog.js';

/** The services of a turn, as dialogs see them. */
export interface Services extends KernelServices {
  knowledge: KnowledgeBase;
  courses: CourseServices;
}

export type DialogContext = KernelDialogContext<Services>;
export type Dialog<S = unknown, A = unknown> = KernelDialog<S, A, Services>;
export type IntentMatcher = KernelIntentMatcher<Services>;
