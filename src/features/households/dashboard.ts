import type { Db } from '../../platform/db/client';
import type { Tone } from '../../platform/views/components';

/** Something the family should look at, shown on the dashboard ("À faire"). */
export interface DashboardItem {
  tone: Tone;
  icon: string;
  title: string;
  text: string;
  href: string;
}

export interface DashboardSlotContext {
  db: Db;
  tenantId: string;
  householdId: string;
  now: Date;
  today: string;
  base: string;
}

/**
 * Named slots other features fill once they exist: basket and next bookings (bookings), unpaid invoices (billing), missing or expiring
 * documents (documents), unread messages (messaging), news. Each registers one provider at start-up.
 */
export const DASHBOARD_SLOTS = [
  'requests',
  'bookings',
  'absences',
  'invoices',
  'documents',
  'messages',
  'news',
] as const;
export type DashboardSlot = (typeof DASHBOARD_SLOTS)[number];

type Provider = (c: DashboardSlotContext) => Promise<DashboardItem[]>;
const providers = new Map<DashboardSlot, Provider>();

export function registerDashboardItems(slot: DashboardSlot, provider: Provider): void {
  providers.set(slot, provider);
}

/** The items of every registered slot, in slot order; a failing provider hides its slot, not the page. */
export async function collectDashboardItems(c: DashboardSlotContext): Promise<DashboardItem[]> {
  const out: DashboardItem[] = [];
  for (const slot of DASHBOARD_SLOTS) {
    const p = providers.get(slot);
    if (!p) continue;
    try {
      out.push(...(await p(c)));
    } catch {
      // one feature's outage must not take the dashboard down
    }
  }
  return out;
}
