import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const CLIENT_DIR = here('../../client');
const CACHE_DIR = join(tmpdir(), 'maisonnee-assets-cache');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? sourceFiles(p) : [p];
    });
}

let memo: { key: string; js: Buffer } | null = null;

/**
 * The client bundle, cached by the content of src/client/ and the esbuild version: in memory for the
 * process (tests build many apps) and on disk across starts, so that a restart does not spawn esbuild
 * (about a second of the cold-start budget). The cache is content-addressed: sharing it is safe.
 */
async function clientBundle(): Promise<Buffer> {
  const h = createHash('sha256');
  h.update(String(require('esbuild/package.json').version));
  for (const f of sourceFiles(CLIENT_DIR)) h.update(f.slice(CLIENT_DIR.length)).update(readFileSync(f));
  const key = h.digest('hex').slice(0, 24);
  if (memo?.key === key) return memo.js;
  const file = join(CACHE_DIR, `client-${key}.js`);
  let js: Buffer;
  try {
    js = readFileSync(file);
  } catch {
    const { build } = await import('esbuild');
    const bundle = await build({
      entryPoints: [join(CLIENT_DIR, 'app.ts')],
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['es2020'],
      write: false,
      legalComments: 'none',
    });
    js = Buffer.from(bundle.outputFiles[0]!.contents);
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, js);
      renameSync(tmp, file);
    } catch {
      // A read-only temporary directory only costs the rebuild next time.
    }
  }
  memo = { key, js };
  return js;
}

/**
 * Builds the static assets once at start-up, in memory: the stylesheet, the small client
 * enhancements (bundled and minified by esbuild) and htmx. Names carry a content hash.
 */
export async function buildAssets(): Promise<{ css: Asset; js: Asset; htmx: Asset; favicon: Asset }> {
  const css = readFileSync(here('./app.css'));
  const js = await clientBundle();
  const htmx = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
  const favicon = readFileSync(here('./favicon.svg'));
  return {
    css: hashed('app', 'css', css, 'text/css; charset=utf-8'),
    js: hashed('app', 'js', js, 'text/javascript; charset=utf-8'),
    htmx: hashed('htmx', 'js', htmx, 'text/javascript; charset=utf-8'),
    favicon: { body: favicon, type: 'image/svg+xml', url: '/assets/favicon.svg' },
  };
}
