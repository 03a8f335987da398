/**
 * Course catalog domain: public API (services, sample catalog, gazetteer, groups, keywords). No
 * chat wording and no HTTP: the dialogs and routes that use it live in src/dialogs/courses and
 * src/http/routes.
 */
export { createCourseServices, defaultGazetteer, type CourseAdminServices, type CourseServicesDeps, type StaffEnrollmentView } from './services.js';
export { ensureSampleCatalog, readSampleCatalog } from './sample-catalog.js';
export { Gazetteer } from './gazetteer.js';
export { normalizeMobile, maskMobile } from '../shared/phone.js';
export { GROUP_LABELS, groupLabel, parseGroupWords } from './groups.js';
export { expandKeyword } from './synonyms.js';
export { haversineKm } from './search-index.js';
export { statusLabel } from './enrollment.js';
export * from './types.js';
