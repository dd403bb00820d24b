import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startSession } from '../../src/platform/http/session';
import type { TestContext } from './app';

/**
 * A browser-like client over app.inject: keeps cookies, and sends the CSRF token of the last page
 * it read (or fetches one) with every form it posts.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  private csrfToken: string | null = null;

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body) ?? /"csrfToken":"([^"]+)"/.exec(res.body);
    if (m) this.csrfToken = m[1]!;
  }

  /**
   * A JSON API call: the body as JSON, the CSRF token in the `x-csrf-token` header (unless
   * `csrf: false`) as an API client or htmx sends it.
   */
  async api(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const unsafe = method !== 'GET';
    if (unsafe && options.csrf !== false && !this.csrfToken) await this.get('/');
    const res = await this.app.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        cookie: this.cookieHeader(),
        ...(unsafe && options.csrf !== false && this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...options.headers,
      },
    });
    this.remember(res);
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** Posts a urlencoded form with the CSRF token (unless `csrf: false`). */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    if (options.csrf !== false && !this.csrfToken) await this.get('/');
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of [v].flat()) params.append(k, item);
    if (options.csrf !== false) params.set('_csrf', this.csrfToken!);
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: params.toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        ...options.headers,
      },
    });
    this.remember(res);
    return res;
  }
  /** Posts a JSON body with the CSRF token in the `x-csrf-token` header (as the client scripts do). */
  async postJson(
    url: string,
    body: unknown,
    options: { csrf?: string | false; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    if (options.csrf === undefined && !this.csrfToken) await this.get('/');
    const token = options.csrf === undefined ? this.csrfToken! : options.csrf;
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        cookie: this.cookieHeader(),
        ...(token ? { 'x-csrf-token': token } : {}),
        ...options.headers,
      },
    });
    this.remember(res);
    return res;
  }

  /**
   * Posts a multipart form (as a browser does for a form with a file): the CSRF field first, then the
   * fields, then the file (unless `csrf: false`).
   */
  async postMultipart(
    url: string,
    fields: Record<string, string> = {},
    file?: { field?: string; filename: string; contentType?: string; content: Buffer },
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (options.csrf !== false && !this.csrfToken) await this.get('/');
    const boundary = `----maisonnee${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    const field = (name: string, value: string) =>
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    if (options.csrf !== false) field('_csrf', this.csrfToken!);
    for (const [k, v] of Object.entries(fields)) field(k, v);
    if (file) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        file.content,
        Buffer.from('\r\n'),
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(chunks),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookieHeader() },
    });
    this.remember(res);
    return res;
  }
}

/** A client already signed in as this user (a session is created directly, as sign-in would). */
export async function signedInClient(
  t: TestContext,
  userId: string,
  tenantId: string | null,
): Promise<TestClient> {
  const token = await startSession(t.db, {
    userId,
    tenantId,
    ip: '127.0.0.1',
    userAgent: 'test',
    now: t.clock.now(),
    policy: { idleMinutes: 60, absoluteHours: 12 },
  });
  const client = new TestClient(t.app);
  client.setCookie('sid', token);
  return client;
}
