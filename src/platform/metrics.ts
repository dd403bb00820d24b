/**
 * Prometheus text exposition (format 0.0.4) without a dependency: a latency histogram of HTTP requests
 * by route pattern and status, and process-wide counters. Labels are bounded: route patterns (never raw
 * URLs, which may carry ids or tokens), methods, status codes.
 */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  labels: string;
  buckets: number[];
  sum: number;
  count: number;
}

export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export class HttpHistogram {
  private series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="${status}"`;
    let s = this.series.get(labels);
    if (!s) {
      s = { labels, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(labels, s);
    }
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) s.buckets[i]!++;
    s.sum += seconds;
    s.count++;
  }

  render(name: string, help: string): string {
    const out = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    for (const s of this.series.values()) {
      LATENCY_BUCKETS.forEach((le, i) => {
        out.push(`${name}_bucket{${s.labels},le="${le}"} ${s.buckets[i]}`);
      });
      out.push(`${name}_bucket{${s.labels},le="+Inf"} ${s.count}`);
      out.push(`${name}_sum{${s.labels}} ${s.sum}`);
      out.push(`${name}_count{${s.labels}} ${s.count}`);
    }
    return `${out.join('\n')}\n`;
  }
}

/** A gauge or counter family: `name{labels} value` lines under one HELP/TYPE header. */
export function renderFamily(
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  samples: { labels?: Record<string, string>; value: number }[],
): string {
  const out = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const labels = Object.entries(s.labels ?? {})
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    out.push(`${name}${labels ? `{${labels}}` : ''} ${s.value}`);
  }
  return `${out.join('\n')}\n`;
}

/** Password verifications (sign-ins and re-authentications) of this process, by result. */
const signInVerifications = { ok: 0, fail: 0 };

export function countSignInVerification(ok: boolean): void {
  if (ok) signInVerifications.ok++;
  else signInVerifications.fail++;
}

export function signInVerificationCounts(): { ok: number; fail: number } {
  return { ...signInVerifications };
}
