/**
 * Staff accounts and sessions. Session tokens are random; only their sha256 is stored. A session
 * is either a bearer token (API clients) or a console cookie; a cookie session's CSRF token is
 * derived from the session token (HMAC-free: sha256 with a fixed prefix), so it needs no storage
 * and cannot be computed by anyone who does not hold the HttpOnly cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/client.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import { STAFF_ROLES, type StaffIdentity, type StaffRole } from './scope.js';

export type { StaffIdentity, StaffRole } from './scope.js';

export type SessionKind = 'bearer' | 'cookie';

/** The logged-in account and how it authenticated (cookie sessions need CSRF on writes). */
export interface StaffSessionInfo {
  staff: StaffIdentity;
  kind: SessionKind;
}

export class StaffError extends Error {
  constructor(
    readonly code: 'invalid' | 'duplicate' | 'not-found' | 'wrong-password',
    message: string,
  ) {
    super(message);
    this.name = 'StaffError';
  }
}

export const MIN_PASSWORD = 8;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The CSRF token of a cookie session (sent by the console in the X-CSRF-Token header). */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(csrfTokenFor(sessionToken));
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

function identity(s: { id: number; username: string; role: string; countyCode: string | null; institutionId: number | null }): StaffIdentity {
  const role = (STAFF_ROLES as readonly string[]).includes(s.role) ? (s.role as StaffRole) : 'institution';
  return { id: s.id, username: s.username, role, countyCode: s.countyCode, institutionId: s.institutionId };
}

export interface NewStaff {
  username: string;
  password: string;
  role: StaffRole;
  countyCode?: string | null;
  institutionId?: number | null;
}

export interface StaffListItem extends StaffIdentity {
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export class StaffAuth {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: { tokenTtlHours: number },
  ) {}

  /**
   * The configured first admin. With no staff accounts yet, creates `username` with `password`
   * (or a generated password, returned for the caller to print once). On a later start a set
   * `password` is applied: the account is (re)created or its password reset when it differs,
   * and re-enabled as admin — the way to recover a lost admin password. `applied` says whether
   * the stored password changed, so the caller can log it.
   */
  async ensureAdmin(
    username = 'admin',
    password?: string,
  ): Promise<{ created: boolean; generatedPassword?: string; applied?: boolean }> {
    const count = await this.db.staffAccount.count();
    if (count === 0) {
      const pw = password ?? generatePassword();
      await this.db.staffAccount.create({ data: { username, passwordHash: await hashPassword(pw), role: 'admin' } });
      return password ? { created: true } : { created: true, generatedPassword: pw };
    }
    if (!password) return { created: false };
    const existing = await this.db.staffAccount.findUnique({ where: { username } });
    if (!existing) {
      await this.db.staffAccount.create({ data: { username, passwordHash: await hashPassword(password), role: 'admin' } });
      return { created: true, applied: true };
    }
    const same = await verifyPassword(password, existing.passwordHash);
    if (same && existing.role === 'admin' && !existing.disabledAt) return { created: false, applied: false };
    await this.db.staffAccount.update({
      where: { id: existing.id },
      data: {
        ...(same ? {} : { passwordHash: await hashPassword(password), passwordChangedAt: this.clock.now() }),
        role: 'admin',
        disabledAt: null,
      },
    });
    if (!same) await this.db.staffSession.deleteMany({ where: { staffId: existing.id } });
    return { created: false, applied: true };
  }

  async createStaff(input: NewStaff): Promise<StaffIdentity> {
    if (input.password.length < MIN_PASSWORD) throw new StaffError('invalid', `密码至少${MIN_PASSWORD}位`);
    if (input.role === 'county' && !input.countyCode) throw new StaffError('invalid', '县区账号需要 county（县区代码）');
    if (input.role === 'institution') {
      if (!input.institutionId) throw new StaffError('invalid', '机构账号需要 institutionId');
      const inst = await this.db.institution.findUnique({ where: { id: input.institutionId }, select: { id: true } });
      if (!inst) throw new StaffError('invalid', '没有这个培训机构');
    }
    if (await this.db.staffAccount.findUnique({ where: { username: input.username }, select: { id: true } })) {
      throw new StaffError('duplicate', '用户名已存在');
    }
    const row = await this.db.staffAccount.create({
      data: {
        username: input.username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        countyCode: input.role === 'county' ? (input.countyCode ?? null) : null,
        institutionId: input.role === 'institution' ? (input.institutionId ?? null) : null,
      },
    });
    return identity(row);
  }

  async list(): Promise<StaffListItem[]> {
    const rows = await this.db.staffAccount.findMany({ orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      ...identity(r),
      disabled: r.disabledAt !== null,
      createdAt: r.createdAt.toISOString(),
      lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    }));
  }

  /** Disables (or re-enables) an account; disabling ends its sessions at once. */
  async setDisabled(id: number, disabled: boolean): Promise<void> {
    const { count } = await this.db.staffAccount.updateMany({ where: { id }, data: { disabledAt: disabled ? this.clock.now() : null } });
    if (!count) throw new StaffError('not-found', '没有这个账号');
    if (disabled) await this.db.staffSession.deleteMany({ where: { staffId: id } });
  }

  /** Sets a new password (admin reset); ends the account's sessions. */
  async setPassword(id: number, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD) throw new StaffError('invalid', `密码至少${MIN_PASSWORD}位`);
    const { count } = await this.db.staffAccount.updateMany({
      where: { id },
      data: { passwordHash: await hashPassword(password), passwordChangedAt: this.clock.now() },
    });
    if (!count) throw new StaffError('not-found', '没有这个账号');
    await this.db.staffSession.deleteMany({ where: { staffId: id } });
  }

  /** A staff member changes their own password (the current one is required); other sessions end. */
  async changeOwnPassword(id: number, current: string, next: string, keepTokenHashOf?: string): Promise<void> {
    const row = await this.db.staffAccount.findUnique({ where: { id } });
    if (!row || !(await verifyPassword(current, row.passwordHash))) throw new StaffError('wrong-password', '当前密码不正确');
    if (next.length < MIN_PASSWORD) throw new StaffError('invalid', `新密码至少${MIN_PASSWORD}位`);
    await this.db.staffAccount.update({ where: { id }, data: { passwordHash: await hashPassword(next), passwordChangedAt: this.clock.now() } });
    await this.db.staffSession.deleteMany({
      where: { staffId: id, ...(keepTokenHashOf ? { tokenHash: { not: sha256(keepTokenHashOf) } } : {}) },
    });
  }

  /** Returns a session token, or null for a wrong username/password or a disabled account (same answer). */
  async login(username: string, password: string, kind: SessionKind = 'bearer'): Promise<string | null> {
    const staff = await this.db.staffAccount.findUnique({ where: { username } });
    // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH);
    if (!staff || !ok || staff.disabledAt) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.staffSession.create({
      data: {
        tokenHash: sha256(token),
        staffId: staff.id,
        kind,
        expiresAt: new Date(now.getTime() + this.options.tokenTtlHours * 3600_000),
      },
    });
    await this.db.staffAccount.update({ where: { id: staff.id }, data: { lastLoginAt: now } });
    return token;
  }

  async authenticate(token: string): Promise<StaffSessionInfo | null> {
    const session = await this.db.staffSession.findUnique({ where: { tokenHash: sha256(token) }, include: { staff: true } });
    if (!session || session.expiresAt <= this.clock.now() || session.staff.disabledAt) return null;
    return { staff: identity(session.staff), kind: session.kind === 'cookie' ? 'cookie' : 'bearer' };
  }

  async logout(token: string): Promise<void> {
    await this.db.staffSession.deleteMany({ where: { tokenHash: sha256(token) } });
  }
}

// scrypt hash of a random string, used only to equalize timing.
const DUMMY_HASH =
  'scrypt$32768$8$1$GiI/pUgyrIf3ilcd9QL4yA==$JF25JRLSYLFVancAM3vM19wAqkNTauvPQBn/LUXXMCk=';
