import type { FastifyInstance } from 'fastify';
import { accessibleBrand } from '../views/color';
import type { Asset } from './build';

/** Serves the in-memory assets (immutable, hashed names) and each tenant's colour sheet. */
export async function assetRoutes(app: FastifyInstance, opts: { assets: Record<string, Asset> }) {
  const byUrl = new Map(Object.values(opts.assets).map((a) => [a.url, a]));
  app.get('/assets/:name', async (req, reply) => {
    const asset = byUrl.get(req.url.split('?')[0]!);
    if (!asset) return reply.callNotFound();
    const immutable = asset.url !== '/assets/favicon.svg';
    return reply
      .type(asset.type)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=86400')
      .send(asset.body);
  });
  app.get('/assets/tenant/:file', async (req, reply) => {
    const slug = (req.params as { file: string }).file.replace(/\.css$/, '');
    const tenant = app.tenants.get(slug);
    if (!tenant) return reply.callNotFound();
    // The colour is contrast-checked: white text on it and it as link colour on white both reach 4.5:1.
    const { brand, contrast } = accessibleBrand(tenant.primaryColor);
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(`:root{--brand:${brand};--brand-contrast:${contrast}}\n`);
  });
}
