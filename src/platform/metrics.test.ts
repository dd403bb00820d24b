import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpHistogram, renderFamily } from './metrics';

describe('Prometheus text', () => {
  it('renders cumulative buckets, sum and count per label set', () => {
    const h = new HttpHistogram();
    h.observe('GET', '/:tenant/espace', 200, 0.02);
    h.observe('GET', '/:tenant/espace', 200, 0.3);
    h.observe('POST', '/x"y', 500, 20);
    const text = h.render('http_request_duration_seconds', 'Latency');
    assert.match(text, /# TYPE http_request_duration_seconds histogram/);
    assert.match(text, /_bucket\{method="GET",route="\/:tenant\/espace",status="200",le="0\.01"\} 0\n/);
    assert.match(text, /_bucket\{method="GET",route="\/:tenant\/espace",status="200",le="0\.025"\} 1\n/);
    assert.match(text, /_bucket\{method="GET",route="\/:tenant\/espace",status="200",le="0\.5"\} 2\n/);
    assert.match(text, /_bucket\{method="GET",route="\/:tenant\/espace",status="200",le="\+Inf"\} 2\n/);
    assert.match(text, /_count\{method="GET",route="\/:tenant\/espace",status="200"\} 2\n/);
    assert.match(text, /route="\/x\\"y",status="500",le="10"\} 0\n/);
  });
  it('renders gauges with escaped labels', () => {
    assert.equal(
      renderFamily('q', 'gauge', 'Depth', [{ labels: { status: 'pending' }, value: 3 }, { value: 1 }]),
      '# HELP q Depth\n# TYPE q gauge\nq{status="pending"} 3\nq 1\n',
    );
  });
});
