import { eq } from 'drizzle-orm';
import { type Tenant, tenants } from '../../features/tenants/tenants.schema';
import type { Db } from '../db/client';

/** First path segments that belong to the platform, never to a tenant. */
export const RESERVED_SLUGS = new Set([
  'healthz',
  'readyz',
  'assets',
  'api',
  'operateur',
  '_dev',
  'favicon.ico',
  'robots.txt',
  'metrics',
  '_langue',
]);

/**
 * Tenants by slug and by hostname, kept in memory: every request needs its tenant, and tenants change
 * rarely. Refreshed periodically and after each change made through this process.
 */
export class TenantDirectory {
  private bySlug = new Map<string, Tenant>();
  private slugByHost = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db) {}

  async refresh(): Promise<void> {
    const rows = await this.db.select().from(tenants);
    const bySlug = new Map<string, Tenant>();
    const byHost = new Map<string, string>();
    for (const t of rows) {
      bySlug.set(t.slug, t);
      for (const h of t.hostnames) byHost.set(h.toLowerCase(), t.slug);
    }
    this.bySlug = bySlug;
    this.slugByHost = byHost;
  }

  startAutoRefresh(everyMs = 30_000): void {
    this.timer = setInterval(() => void this.refresh().catch(() => {}), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Active or suspended tenant by slug; callers decide what a suspended tenant may do. */
  get(slug: string): Tenant | undefined {
    return this.bySlug.get(slug);
  }

  slugForHost(host: string | undefined): string | undefined {
    if (!host) return undefined;
    return this.slugByHost.get(host.replace(/:\d+$/, '').toLowerCase());
  }

  list(): Tenant[] {
    return [...this.bySlug.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  }

  async reload(db: Db, id: string): Promise<void> {
    const [t] = await db.select().from(tenants).where(eq(tenants.id, id));
    if (t) this.bySlug.set(t.slug, t);
    await this.refresh();
  }
}

/**
 * Maps a request on a tenant's own hostname to the tenant's path space: `/connexion` on
 * `portail.ville.fr` becomes `/<slug>/connexion`. Platform paths are left alone.
 */
export function rewriteForHost(url: string, host: string | undefined, directory: TenantDirectory): string {
  const slug = directory.slugForHost(host);
  if (!slug) return url;
  const first = url.split(/[/?#]/)[1] ?? '';
  if (first === slug || RESERVED_SLUGS.has(first)) return url;
  return `/${slug}${url === '/' ? '' : url}`;
}
