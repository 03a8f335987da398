/**
 * The features this deployment runs, in order (menu numbers follow each item's `order`; intents
 * are tried in registration order). The one list both the server and the entry points use.
 */
import type { FeatureUse } from '../bot/feature.js';
import { use } from '../bot/feature.js';
import type { CourseAdminServices } from '../courses/services.js';
import type { CodeSender } from '../dialogs/identity.js';
import type { Services } from '../dialogs/types.js';
import { consoleFeature } from '../features/console.js';
import { coursesFeature } from '../features/courses.js';
import { handoffFeature } from '../features/handoff.js';
import { identityFeature } from '../features/identity.js';
import { notificationsFeature } from '../features/notifications.js';
import { outcomesFeature } from '../features/outcomes.js';
import { policyFeature } from '../features/policy.js';
import { privacyFeature } from '../features/privacy.js';
import type { RetentionPolicy } from '../privacy/index.js';
import type { GroupBroadcaster } from '../notifications/groups.js';
import type { OutboundQueue } from '../bot/ports.js';
import type { OutboundConfig } from '../notifications/config.js';
import type { ChannelRegistry } from '../notifications/sender.js';

export interface FeatureDeps {
  courses: CourseAdminServices;
  /** The channels proactive messages go out on. */
  notifier: ChannelRegistry;
  /** The outbound queue (SQLite by default). */
  queue: OutboundQueue;
  outbound?: OutboundConfig;
  /** 绑定手机 exists only where a code can be sent by SMS. */
  sendCode?: CodeSender;
  /** A channel that posts into group chats (wechaty), for the group announcement route. */
  groups?: GroupBroadcaster;
  /** How long conversation data is kept (default: the privacy feature's). */
  retention?: RetentionPolicy;
}

export function defaultFeatures(deps: FeatureDeps): FeatureUse<Services>[] {
  return [
    use(policyFeature),
    use(coursesFeature, { http: deps.courses }),
    use(handoffFeature, { queue: deps.queue }),
    ...(deps.sendCode ? [use(identityFeature, { sendCode: deps.sendCode })] : []),
    use(consoleFeature, { courses: deps.courses, queue: deps.queue }),
    use(notificationsFeature, {
      notifier: deps.notifier,
      queue: deps.queue,
      courses: deps.courses,
      ...(deps.outbound ? { config: deps.outbound } : {}),
      ...(deps.groups ? { groups: deps.groups } : {}),
    }),
    use(outcomesFeature),
    use(privacyFeature, deps.retention ? { retention: deps.retention } : {}),
  ];
}
