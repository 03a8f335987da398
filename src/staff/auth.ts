/**
 * Staff accounts and bearer-token sessions. Tokens are random; only their sha256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../db/client.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';

export interface StaffIdentity {
  id: number;
  username: string;
  role: string;
  countyCode: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class StaffAuth {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: { tokenTtlHours: number },
  ) {}

  /**
   * Makes sure an admin exists. With no staff accounts yet, creates `username` with `password`,
   * or with a generated password that is returned (for the caller to print once).
   */
  async ensureAdmin(username = 'admin', password?: string): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.db.staffAccount.count()) > 0) return { created: false };
    const pw = password ?? generatePassword();
    await this.db.staffAccount.create({ data: { username, passwordHash: await hashPassword(pw), role: 'admin' } });
    return password ? { created: true } : { created: true, generatedPassword: pw };
  }

  async createStaff(username: string, password: string, role = 'staff', countyCode?: string): Promise<StaffIdentity> {
    const row = await this.db.staffAccount.create({
      data: { username, passwordHash: await hashPassword(password), role, countyCode: countyCode ?? null },
    });
    return { id: row.id, username: row.username, role: row.role, countyCode: row.countyCode };
  }

  /** Returns a bearer token, or null for a wrong username/password (same answer for both). */
  async login(username: string, password: string): Promise<string | null> {
    const staff = await this.db.staffAccount.findUnique({ where: { username } });
    // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH);
    if (!staff || !ok) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.staffSession.create({
      data: {
        tokenHash: sha256(token),
        staffId: staff.id,
        expiresAt: new Date(now.getTime() + this.options.tokenTtlHours * 3600_000),
      },
    });
    await this.db.staffAccount.update({ where: { id: staff.id }, data: { lastLoginAt: now } });
    return token;
  }

  async authenticate(token: string): Promise<StaffIdentity | null> {
    const session = await this.db.staffSession.findUnique({ where: { tokenHash: sha256(token) }, include: { staff: true } });
    if (!session || session.expiresAt <= this.clock.now()) return null;
    const s = session.staff;
    return { id: s.id, username: s.username, role: s.role, countyCode: s.countyCode };
  }

  async logout(token: string): Promise<void> {
    await this.db.staffSession.deleteMany({ where: { tokenHash: sha256(token) } });
  }
}

// scrypt hash of a random string, used only to equalize timing.
const DUMMY_HASH =
  'scrypt$32768$8$1$GiI/pUgyrIf3ilcd9QL4yA==$JF25JRLSYLFVancAM3vM19wAqkNTauvPQBn/LUXXMCk=';
