/**
 * The layer rule of src/, checked by `npm run lint:layers` and by tests/architecture.test.ts.
 * Imports only run downward (type-only imports count too):
 *
 *   bin            entry points
 *   app            composition root (config, runtime, createApp, the feature list)
 *   features       feature wiring (dialogs + intents + menu + routes + jobs per feature)
 *   integrations   channels          http   HTTP helpers and routes
 *   dialogs        conversational flows      notifications   proactive messages
 *   nlu            understanding (implements the kernel's Understander port over the domains' vocabularies)
 *   bot            conversation kernel (message, pipeline, engine, Feature contract, ports)
 *   courses, knowledge, staff, privacy   domains (no chat, no HTTP)
 *   shared, db     basics
 *
 * Each rule names a folder and what it may import besides itself (and npm packages).
 */
const layer = (name, folder, mayImport, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/${folder}/`, ...mayImport.map((f) => `^src/${f}/`)] },
});
const domains = ['courses', 'knowledge', 'staff', 'privacy'];

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles.', from: {}, to: { circular: true } },
    layer('shared-is-the-ground', 'shared', [], 'Shared basics import nothing of ours.'),
    layer('db-imports-only-shared', 'db', ['shared', 'generated'], 'The database layer knows no feature.'),
    ...domains.map((d) =>
      layer(`${d}-is-a-domain`, d, ['shared', 'db'], 'Domains know nothing of chat, HTTP, other domains or features.'),
    ),
    layer('bot-is-the-kernel', 'bot', ['shared', 'db'], 'The conversation kernel imports no feature and no domain.'),
    layer('nlu-below-dialogs', 'nlu', ['bot', ...domains, 'shared', 'db'], 'The understander knows the kernel types and the domain vocabularies, no flow.'),
    layer('dialogs-below-channels', 'dialogs', ['nlu', 'bot', ...domains, 'shared', 'db'], 'Dialogs never import channels, HTTP or features.'),
    layer('notifications-below-features', 'notifications', ['bot', ...domains, 'shared', 'db'], 'Notifications never import channels or features.'),
    layer('http-below-features', 'http', ['notifications', ...domains, 'shared', 'db'], 'HTTP routes call domains, not dialogs or channels.'),
    layer('integrations-are-channels', 'integrations', ['bot', 'http', 'notifications', 'shared', 'db'], 'Channels talk to the kernel, never to features or dialogs.'),
    layer('features-wire-below', 'features', ['dialogs', 'nlu', 'http', 'notifications', 'bot', ...domains, 'shared', 'db'], 'Features never import channels or the composition root.'),
    layer('app-below-bin', 'app', ['features', 'integrations', 'http', 'dialogs', 'nlu', 'notifications', 'bot', ...domains, 'shared', 'db'], 'Nothing but the entry points imports the composition root.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6'],
  },
};
