/**
 * The Feature contract, in the spirit of Koishi's plugins: a feature has a name, an optional
 * options schema, and `apply(ctx, options)`, which registers everything it brings through one
 * context — dialogs, intents, menu items, global commands, the fallback for unmatched text,
 * public and staff HTTP routes, scheduled jobs, turn middleware, and a dispose hook. The kernel builds the menu,
 * the intent list and the OA menu from what was registered; it imports no feature.
 */
import type { Router } from 'express';
import type { z } from 'zod';
import type { Dialog, DialogInput, IntentMatcher, KernelServices } from './dialog.js';
import type { ConversationData } from './engine.js';
import { MenuRegistry, type MenuItem } from './menu.js';
import type { TurnMiddleware } from './turn.js';
import type { ScheduledJob } from './ports.js';

/**
 * A command that works anywhere, even inside a flow (like 人工): its words leave the current
 * flow and open `dialog`.
 */
export interface GlobalCommand {
  name: string;
  /** Matched against the command form of the text (trimmed, trailing punctuation dropped, lower case). */
  words: ReadonlySet<string> | RegExp;
  dialog: string;
  /** Start args, from the conversation (e.g. the last question asked, for a handoff). */
  args?(data: ConversationData): unknown;
}

/** What a feature may register. */
export interface FeatureContext<S extends KernelServices = KernelServices> {
  readonly services: S;
  dialog(...dialogs: Dialog<any, any, S>[]): void;
  /** Free-text matchers tried outside flows, in registration order. */
  intent(...intents: IntentMatcher<S>[]): void;
  menu(item: MenuItem): void;
  command(command: GlobalCommand): void;
  /** Where text nobody matched goes (one feature may claim it: policy Q&A). */
  fallback(dialog: string, args: (input: DialogInput) => unknown): void;
  /** Public HTTP routes, mounted at /. */
  routes(router: Router): void;
  /** Staff routes, mounted under /api/admin behind the staff login. */
  staffRoutes(router: Router): void;
  job(job: ScheduledJob): void;
  /** Turn middleware for every channel, before routing (e.g. opt-out words, replies to reminders). */
  use(middleware: TurnMiddleware): void;
  onDispose(fn: () => Promise<void> | void): void;
}

export interface Feature<S extends KernelServices = KernelServices, O = void> {
  readonly name: string;
  /** Validates the options passed to `use` (a feature without options leaves it out). */
  readonly options?: z.ZodType<O>;
  apply(ctx: FeatureContext<S>, options: O): void | Promise<void>;
}

/** A feature with the options it is installed with. */
export interface FeatureUse<S extends KernelServices = KernelServices> {
  feature: Feature<S, any>;
  options?: unknown;
}

/** Installs a feature (with options when it declares them). */
export function use<S extends KernelServices, O>(feature: Feature<S, O>, ...options: O extends void ? [] : [O]): FeatureUse<S> {
  return { feature, options: options[0] };
}

/** Everything the installed features registered. */
export interface InstalledFeatures {
  names: string[];
  dialogs: Dialog<any, any, any>[];
  intents: IntentMatcher<any>[];
  menu: MenuRegistry;
  commands: GlobalCommand[];
  fallback: { dialog: string; args: (input: DialogInput) => unknown } | null;
  routes: Router[];
  staffRoutes: Router[];
  jobs: ScheduledJob[];
  middleware: TurnMiddleware[];
  dispose(): Promise<void>;
}

export async function installFeatures<S extends KernelServices>(uses: FeatureUse<S>[], services: S): Promise<InstalledFeatures> {
  const installed: InstalledFeatures = {
    names: [],
    dialogs: [],
    intents: [],
    menu: new MenuRegistry(),
    commands: [],
    fallback: null,
    routes: [],
    staffRoutes: [],
    jobs: [],
    middleware: [],
    dispose: async () => {
      for (const fn of disposers.reverse()) await fn();
    },
  };
  const disposers: (() => Promise<void> | void)[] = [];
  for (const { feature, options } of uses) {
    const ctx: FeatureContext<S> = {
      services,
      dialog: (...d) => installed.dialogs.push(...d),
      intent: (...i) => installed.intents.push(...i),
      menu: (item) => installed.menu.add(item),
      command: (c) => installed.commands.push(c),
      fallback: (dialog, args) => {
        if (installed.fallback) throw new Error(`Feature "${feature.name}": the fallback is taken by "${installed.fallback.dialog}"`);
        installed.fallback = { dialog, args };
      },
      routes: (r) => installed.routes.push(r),
      staffRoutes: (r) => installed.staffRoutes.push(r),
      job: (j) => installed.jobs.push(j),
      use: (mw) => installed.middleware.push(mw),
      onDispose: (fn) => disposers.push(fn),
    };
    const parsed = feature.options ? feature.options.parse(options) : undefined;
    await feature.apply(ctx, parsed);
    installed.names.push(feature.name);
  }
  const ids = new Set<string>();
  for (const d of installed.dialogs) {
    if (ids.has(d.id)) throw new Error(`Dialog "${d.id}" registered twice`);
    ids.add(d.id);
  }
  for (const item of installed.menu.items()) {
    if (!ids.has(item.dialog)) throw new Error(`Menu item "${item.key}" opens unknown dialog "${item.dialog}"`);
  }
  return installed;
}
