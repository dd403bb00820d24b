// The daily register on a tablet with unreliable Wi-Fi (ADR 0016). Every tap becomes an action with a
// client-generated id and the time of the tap; actions are queued in localStorage (they survive a
// reload or a closed tab), shown at once on the page, and sent in order as a JSON batch when the network
// allows. The server applies each action once (its id is the key) and answers per action, so a batch
// sent twice — a lost answer, a retry — changes nothing the second time. Without this file the page's
// plain forms do the same, one action per request.

interface QueuedAction {
  id: string;
  kind: string;
  childId: string;
  unitId: string;
  day: string;
  at: string;
  note?: string;
  /** Where to post it (the tenant's endpoint). */
  endpoint: string;
}

interface Answer {
  id: string;
  status: 'applied' | 'duplicate' | 'rejected';
  result?: 'applied' | 'rejected';
  reason?: string;
  message?: string;
}

const KEY = 'maisonnee.register.queue';
const BATCH = 50;

function load(): QueuedAction[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? (v as QueuedAction[]) : [];
  } catch {
    return [];
  }
}

function save(queue: QueuedAction[]): void {
  localStorage.setItem(KEY, JSON.stringify(queue));
}

/** A v4 UUID: crypto.randomUUID needs a secure context, which a tablet on the LAN may not have. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function csrfToken(): string {
  try {
    return (JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>)[
      'x-csrf-token'
    ]!;
  } catch {
    return '';
  }
}

/** "08 h 40" in the tenant's time zone (the tablet's own zone may differ). */
function hhmm(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('hour')} h ${get('minute')}`;
}

/** Shows an action on its line at once (the server's answer comes later, or after the network). */
function show(root: HTMLElement, a: QueuedAction): void {
  if (a.day !== root.dataset.day || a.unitId !== root.dataset.unit) return;
  const line = root.querySelector<HTMLElement>(`[data-child="${a.childId}"]`);
  if (!line) return;
  const status = line.querySelector<HTMLElement>('[data-status]');
  const sameDay = a.day === root.dataset.today;
  const tz = root.dataset.tz || 'Europe/Paris';
  const set = (state: string, text: string) => {
    line.dataset.state = state;
    if (status) status.textContent = text;
  };
  if (a.kind === 'check-in')
    set('present', sameDay ? `Arrivé à ${hhmm(a.at, tz)}` : 'Présent (heure non relevée)');
  else if (a.kind === 'check-out' && line.dataset.state === 'present')
    set('left', `${status?.textContent ?? ''}${sameDay ? ` · parti à ${hhmm(a.at, tz)}` : ', parti'}`);
  else if (a.kind === 'absent') set('absent', 'Absent');
  else if (a.kind === 'clear') set('none', 'Pas encore pointé');
  else if (a.kind === 'note') {
    const note = line.querySelector<HTMLElement>('[data-note]');
    if (note) {
      note.hidden = !a.note;
      note.textContent = a.note ? `Note : ${a.note}` : '';
    }
  }
  counts(root);
}

function counts(root: HTMLElement): void {
  const c = { expected: 0, present: 0, absent: 0, unmarked: 0 };
  for (const line of Array.from(root.querySelectorAll<HTMLElement>('[data-child]'))) {
    const booked = !line.querySelector('.badge');
    const state = line.dataset.state;
    if (booked) {
      c.expected++;
      if (state === 'none') c.unmarked++;
      if (state === 'absent') c.absent++;
    }
    if (state === 'present' || state === 'left') c.present++;
  }
  for (const [k, v] of Object.entries(c)) {
    const dd = root.querySelector(`[data-count="${k}"]`);
    if (dd) dd.textContent = String(v);
  }
}

function say(root: HTMLElement, text: string, tone: 'info' | 'error' | 'ok'): void {
  const el = root.querySelector<HTMLElement>('[data-sync]');
  if (!el) return;
  el.hidden = text === '';
  el.textContent = text;
  el.className = `reg-sync reg-sync-${tone}`;
}

let flushing = false;
let retryTimer: number | undefined;
let retryDelay = 2000;

async function flush(root: HTMLElement): Promise<void> {
  if (flushing) return;
  const queue = load();
  if (queue.length === 0) {
    say(root, '', 'ok');
    return;
  }
  flushing = true;
  const endpoint = queue[0]!.endpoint;
  const batch = queue.filter((a) => a.endpoint === endpoint).slice(0, BATCH);
  say(root, `Envoi de ${queue.length} pointage(s)…`, 'info');
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': csrfToken(),
      },
      body: JSON.stringify({ actions: batch.map(({ endpoint: _e, ...a }) => a) }),
    });
    if (res.status === 401 || res.status === 403) {
      say(
        root,
        `Session expirée : reconnectez-vous. ${queue.length} pointage(s) gardé(s) sur cette tablette.`,
        'error',
      );
      return;
    }
    if (res.status === 400) {
      // A batch the server cannot read will never be accepted: drop it rather than block the queue.
      const bad = new Set(batch.map((a) => a.id));
      save(load().filter((a) => !bad.has(a.id)));
      say(root, 'Des pointages illisibles ont été écartés. Vérifiez la liste.', 'error');
      return;
    }
    if (!res.ok) throw new Error(String(res.status));
    const body = (await res.json()) as { results: Answer[] };
    const answered = new Set(body.results.map((r) => r.id));
    const rejected = body.results.filter((r) => r.status === 'rejected');
    // Re-read: taps made while the request was in flight were appended meanwhile.
    save(load().filter((a) => !answered.has(a.id)));
    retryDelay = 2000;
    if (rejected.length > 0)
      say(root, `Non enregistré : ${rejected.map((r) => r.message ?? r.reason).join(' ')}`, 'error');
    else say(root, load().length === 0 ? 'Tous les pointages sont enregistrés.' : '', 'ok');
  } catch {
    say(
      root,
      `Hors connexion : ${load().length} pointage(s) en attente, gardé(s) sur cette tablette.`,
      'info',
    );
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => void flush(root), retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60_000);
    return;
  } finally {
    flushing = false;
  }
  if (load().length > 0) void flush(root);
}

export function startRegister(): void {
  const root = document.querySelector<HTMLElement>('[data-register]');
  if (!root) return;
  // Actions not yet sent are shown over the server's page (which does not know them yet).
  for (const a of load()) show(root, a);
  root.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (!form.matches('[data-register-form]')) return;
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    const kind = submitter?.value;
    if (!kind) return;
    // Adding a walk-in while online: the plain form reloads the page with the child on it.
    if (form.hasAttribute('data-walkin') && navigator.onLine) return;
    event.preventDefault();
    const data = new FormData(form);
    const action: QueuedAction = {
      id: uuid(),
      kind,
      childId: String(data.get('child')),
      unitId: String(data.get('unite')),
      day: String(data.get('jour')),
      at: new Date().toISOString(),
      endpoint: form.action,
      ...(kind === 'note' ? { note: String(data.get('note') ?? '') } : {}),
    };
    save([...load(), action]);
    show(root, action);
    if (form.hasAttribute('data-walkin'))
      say(root, 'Ajout gardé : il apparaîtra au retour du réseau.', 'info');
    void flush(root);
  });
  window.addEventListener('online', () => {
    retryDelay = 2000;
    void flush(root);
  });
  void flush(root);
}
