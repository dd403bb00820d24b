import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Asset {
  body: Buffer;
  type: string;
  /** Public URL with a content hash, cached for a year. */
  url: string;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const require = createRequire(import.meta.url);

function hashed(name: string, ext: string, body: Buffer, type: string): Asset {
  const h = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { body, type, url: `/assets/${name}.${h}.${ext}` };
}

/**
 * Builds the static assets once at start-up, in memory: the stylesheet, the small client
 * enhancements (bundled and minified by esbuild) and htmx. Names carry a content hash.
 */
export async function buildAssets(): Promise<{ css: Asset; js: Asset; htmx: Asset; favicon: Asset }> {
  const css = readFileSync(here('./app.css'));
  const bundle = await build({
    entryPoints: [here('../../client/app.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    write: false,
    legalComments: 'none',
  });
  const js = Buffer.from(bundle.outputFiles[0]!.contents);
  const htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
  const favicon = readFileSync(here('./favicon.svg'));
  return {
    css: hashed('app', 'css', css, 'text/css; charset=utf-8'),
    js: hashed('app', 'js', js, 'text/javascript; charset=utf-8'),
    htmx: hashed('htmx', 'js', htmx, 'text/javascript; charset=utf-8'),
    favicon: { body: favicon, type: 'image/svg+xml', url: '/assets/favicon.svg' },
  };
}
