/**
 * The audit log: one row per staff action that changes something (who, what, when). Details are
 * JSON; callers never put passwords in them and mask phone numbers.
 */
import type { Db } from '../db/client.js';
import type { StaffIdentity } from './scope.js';

export interface AuditEntry {
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export async function audit(db: Db, who: Pick<StaffIdentity, 'id' | 'username'> | null, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      staffId: who?.id ?? null,
      username: who?.username ?? 'system',
      action: entry.action,
      target: entry.target ?? '',
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}

export interface AuditRow {
  id: number;
  createdAt: string;
  username: string;
  action: string;
  target: string;
  details: unknown;
}

export async function listAudit(db: Db, options: { limit: number; before?: number; username?: string }): Promise<AuditRow[]> {
  const rows = await db.auditLog.findMany({
    where: { ...(options.before ? { id: { lt: options.before } } : {}), ...(options.username ? { username: options.username } : {}) },
    orderBy: { id: 'desc' },
    take: options.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    username: r.username,
    action: r.action,
    target: r.target,
    details: safeJson(r.details),
  }));
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return {};
  }
}
