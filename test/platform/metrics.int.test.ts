import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueEmail } from '../../src/platform/mail/outbox';
import { useTestApp } from '../helpers/app';
import { TestClient } from '../helpers/client';
import { createTenant } from '../helpers/factories';

const TOKEN = 'jeton-de-test-des-metriques-0123456789';
const t = useTestApp({ env: { METRICS_TOKEN: TOKEN } });

describe('/metrics', () => {
  it('needs the bearer token', async () => {
    const c = new TestClient(t.app);
    const none = await c.get('/metrics');
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    assert.equal((await c.get('/metrics', { authorization: 'Bearer mauvais' })).statusCode, 401);
  });

  it('exposes request latency by route pattern, sign-ins, queue depths', async () => {
    await createTenant(t.db, { slug: 'ville-a' });
    await t.app.tenants.refresh();
    await enqueueEmail(t.db, { tenantId: null, to: 'a@b.test', subject: 's', text: 't' });
    const c = new TestClient(t.app);
    await c.get('/ville-a/');
    await c.get('/ville-a/');
    await c.get('/pas-une-structure/nulle-part');
    const res = await c.get('/metrics', { authorization: `Bearer ${TOKEN}` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const body = res.body;
    assert.match(
      body,
      /maisonnee_http_request_duration_seconds_count\{method="GET",route="\/:tenant",status="200"\} 2\n/,
    );
    assert.match(
      body,
      /maisonnee_http_request_duration_seconds_bucket\{method="GET",route="\/:tenant",status="200",le="\+Inf"\} 2/,
    );
    // Raw URLs never become labels.
    assert.doesNotMatch(body, /pas-une-structure/);
    assert.match(body, /# TYPE maisonnee_sign_in_verifications_total counter/);
    assert.match(body, /maisonnee_outbox_emails\{status="pending"\} 1\n/);
    assert.match(body, /maisonnee_jobs\{status="pending"\} 0\n/);
    // PGlite has no pool: no pool series.
    assert.doesNotMatch(body, /maisonnee_db_pool_connections/);
  });
});
