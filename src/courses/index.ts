/**
 * Course catalog module: public API (services, sample catalog, routes, gazetteer, phone helper).
 */
export { createCourseServices, defaultGazetteer, type CourseAdminServices, type CourseServicesDeps, type StaffEnrollmentView } from './services.js';
export { ensureSampleCatalog, readSampleCatalog } from './sample-catalog.js';
export { Gazetteer } from './gazetteer.js';
export { normalizeMobile, maskMobile } from '../shared/phone.js';
export { GROUP_LABELS, groupLabel, parseGroupWords } from './groups.js';
export { expandKeyword } from './synonyms.js';
export { haversineKm } from './search-index.js';
export { statusLabel } from './enrollment.js';
export { courseRoutes } from '../http/routes/courses.js';
export { adminCourseRoutes } from '../http/routes/admin-courses.js';
export * from './types.js';
