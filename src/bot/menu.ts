/**
 * The main menu, built from what features registered: each item has a stable key (the OA menu's
 * CLICK key is MENU_<KEY>), a label, an order, and the dialog it opens. Items are numbered 1..n
 * by order, so the text menu, the number a user types, and the OA menu always agree.
 */

export interface MenuItem {
  /** Stable key, e.g. "courses"; the OA CLICK key is MENU_COURSES. */
  key: string;
  /** Short Chinese label, e.g. "找课程". */
  label: string;
  /** Position: lower comes first (numbers are assigned in this order). */
  order: number;
  /** Dialog opened when the item is chosen (by number, by menu button). */
  dialog: string;
}

export interface NumberedMenuItem extends MenuItem {
  /** "1", "2", … */
  n: string;
}

export class MenuRegistry {
  private readonly entries: MenuItem[] = [];

  add(item: MenuItem): void {
    if (this.entries.some((e) => e.key === item.key)) throw new Error(`Menu item "${item.key}" registered twice`);
    this.entries.push(item);
  }

  /** The items in order, numbered from 1. */
  items(): NumberedMenuItem[] {
    return [...this.entries].sort((a, b) => a.order - b.order).map((item, i) => ({ ...item, n: String(i + 1) }));
  }

  /** The item a typed number stands for ("2" → 找课程), or null. */
  byNumber(text: string): NumberedMenuItem | null {
    return this.items().find((i) => i.n === text) ?? null;
  }

  byKey(key: string): NumberedMenuItem | null {
    return this.items().find((i) => i.key === key) ?? null;
  }

  /** The numbered text menu. */
  render(): string {
    return ['请回复数字：', ...this.items().map((i) => `${i.n} ${i.label}`), '随时回复“菜单”回到这里'].join('\n');
  }
}
