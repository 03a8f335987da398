/**
 * The embedded default database, in one place. No imports, so the Prisma tooling
 * (prisma.config.ts, engine-rpc.ts) can read it before the Prisma client is generated.
 */
export const DEFAULT_DATABASE_URL = 'file:./data/skills-bot.db';
