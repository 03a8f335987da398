/**
 * The privacy domain: erasure, export and retention of personal data. Knows the database and
 * nothing of chat or HTTP; the sign-up cancellations an erasure needs go through the courses
 * domain, called by the dialog (src/dialogs/privacy.ts) before `erasePersonalData`.
 */
export { AUDIT_KEPT_STATUSES, ERASED_NAME, PENDING_STATUSES, PendingEnrollmentsError, erasePersonalData, type ErasureReport } from './erase.js';
export { exportPersonalData, type PersonalDataExport } from './export.js';
export { DEFAULT_RETENTION, pruneConversationData, retentionConfigSchema, retentionPolicyOf, type PruneReport, type RetentionConfig, type RetentionPolicy } from './retention.js';
