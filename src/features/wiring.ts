import { formatCents } from '../platform/money';
import {
  countPendingAbsences,
  dashboardDeclarations,
  justifiedAbsenceDays,
} from './absences/absences.repository';
import { ABSENCE_ROLES, dashboardSince, daysText } from './absences/absences.service';
import { registerJustifiedAbsenceSource } from './attendance/justified-absences';
import { invoicesSection, paymentsSection } from './backoffice/billing-sections';
import { criteriaSection } from './backoffice/criteria-section';
import { AUDIT_LABELS, householdAuditPage } from './backoffice/household-audit';
import { pageParam, registerHouseholdSection } from './backoffice/household-sections';
import { householdsByInvoiceNumber } from './backoffice/invoice-search';
import { registerSearchProvider } from './backoffice/search.service';
import { setFamilyPayAction } from './billing/family.service';
import { amountDue, invoicesOfHousehold } from './billing/invoices.repository';
import {
  INVOICE_READ_ROLES,
  invoiceStatus,
  monthLabel,
  registerDirectDebitNoticeSource,
} from './billing/invoices.service';
import { confirmedBookingsOfHousehold, upcomingBookingsOfHousehold } from './bookings/bookings.repository';
import { dayInZone, formatDayFr } from './bookings/domain/days';
import { pendingBasketLines } from './bookings/family.service';
import { countPendingBookingRequests } from './bookings/staff.service';
import { listTypes, submissionsOfHousehold } from './documents/documents.repository';
import {
  countDocumentsToReview,
  DOCUMENT_ROLES,
  documentsNeedingAttention,
} from './documents/documents.service';
import { countPendingEnrollments, enrollmentsOfHousehold } from './enrollments/enrollments.repository';
import { type DashboardItem, registerDashboardItems } from './households/dashboard';
import {
  countOpenThreadsUnreadByStaff,
  listFamilyThreads,
  unreadMessageCount,
} from './messaging/messaging.repository';
import { MESSAGE_ROLES } from './messaging/messaging.service';
import { householdNews } from './news/news.service';
import { PAYMENT_WRITE_ROLES } from './payments/manual.service';
import { countFlaggedPayments } from './payments/online.repository';
import { countPendingMandateRequests } from './payments/sepa.repository';
import { directDebitNoticeOf } from './payments/sepa.service';
import { countPendingHouseholdRequests } from './requests/requests.repository';
import { registerWorkQueue } from './staff/work-queues';

/**
 * Where features meet: each one exposes counts and lists; this module puts them on the staff home
 * (work queues) and on the family dashboard (things to look at). Imported once by buildApp.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

registerWorkQueue({
  label: 'Demandes des familles à traiter',
  href: '/gestion/demandes',
  roles: ['manager'],
  count: countPendingHouseholdRequests,
});
registerWorkQueue({
  label: 'Demandes d’inscription à traiter',
  href: '/gestion/inscriptions',
  roles: ['manager', 'director'],
  count: countPendingEnrollments,
});
registerWorkQueue({
  label: 'Réservations à valider',
  href: '/gestion/reservations/a-valider',
  roles: ['manager', 'director'],
  count: countPendingBookingRequests,
});
registerWorkQueue({
  label: 'Justificatifs à vérifier',
  href: '/gestion/documents',
  roles: DOCUMENT_ROLES,
  count: countDocumentsToReview,
});
registerWorkQueue({
  label: 'Absences à traiter',
  href: '/gestion/absences',
  roles: ABSENCE_ROLES,
  count: countPendingAbsences,
});
registerWorkQueue({
  label: 'Paiements en ligne à vérifier',
  href: '/gestion/paiements/a-verifier',
  roles: ['accountant', 'manager'],
  count: countFlaggedPayments,
});
registerWorkQueue({
  label: 'Demandes de prélèvement',
  href: '/gestion/prelevements/demandes',
  roles: PAYMENT_WRITE_ROLES,
  count: countPendingMandateRequests,
});
registerWorkQueue({
  label: 'Conversations avec des messages non lus',
  href: '/gestion/messages',
  roles: MESSAGE_ROLES,
  count: countOpenThreadsUnreadByStaff,
});

registerDashboardItems('bookings', async (c) => {
  const [pending, next] = await Promise.all([
    pendingBasketLines(c.db, c.tenantId, c.householdId),
    confirmedBookingsOfHousehold(c.db, c.tenantId, c.householdId, c.today),
  ]);
  const items: DashboardItem[] = [];
  if (pending > 0)
    items.push({
      tone: 'warning',
      icon: '!',
      title: `Panier de réservations non confirmé (${plural(pending, 'changement', 'changements')})`,
      text: 'Rien n’est réservé tant que vous n’avez pas confirmé votre panier.',
      href: `${c.base}/reservations/panier`,
    });
  if (next.length > 0)
    items.push({
      tone: 'info',
      icon: '✓',
      title: `Prochaine réservation : ${formatDayFr(next[0]!.day)}`,
      text: `${plural(next.length, 'réservation confirmée', 'réservations confirmées')} à venir.`,
      href: `${c.base}/reservations`,
    });
  return items;
});

registerDashboardItems('documents', async (c) => {
  const list = await documentsNeedingAttention(c.db, c.tenantId, c.householdId, c.now);
  if (list.length === 0) return [];
  return [
    {
      tone: 'warning',
      icon: '!',
      title: plural(
        list.length,
        'justificatif à fournir ou renouveler',
        'justificatifs à fournir ou renouveler',
      ),
      text: 'Déposez-les depuis la page Documents : certains sont nécessaires pour inscrire vos enfants.',
      href: `${c.base}/documents`,
    },
  ];
});

registerDashboardItems('absences', async (c) => {
  const rows = await dashboardDeclarations(c.db, c.tenantId, c.householdId, dashboardSince(c.now));
  const pending = rows.filter((r) => r.declaration.status === 'pending');
  const decided = rows.filter((r) => r.declaration.status !== 'pending').slice(0, 3);
  const href = `${c.base}/absences`;
  return [
    ...(pending.length > 0
      ? [
          {
            tone: 'info' as const,
            icon: '⧗',
            title: plural(pending.length, 'absence en attente de réponse', 'absences en attente de réponse'),
            text: 'Le service examine vos déclarations ; vous recevrez un e-mail.',
            href,
          },
        ]
      : []),
    ...decided.map((r) => {
      const d = r.declaration;
      const ok = d.status === 'accepted';
      return {
        tone: ok ? ('success' as const) : ('danger' as const),
        icon: ok ? '✓' : '✕',
        title: ok ? 'Absence justifiée' : 'Absence non justifiée',
        text: `${r.childFirstName}, ${daysText(d.firstDay, d.lastDay)}${ok ? '' : ` : ${d.refusalReason ?? ''}`}`,
        href,
      };
    }),
  ];
});

registerDashboardItems('messages', async (c) => {
  const n = await unreadMessageCount(c.db, c.tenantId, c.householdId);
  if (n === 0) return [];
  return [
    {
      tone: 'info',
      icon: '✉',
      title: plural(n, 'message non lu du service', 'messages non lus du service'),
      text: 'Le service vous a répondu.',
      href: `${c.base}/messages`,
    },
  ];
});

registerDashboardItems('news', async (c) => {
  const items = await householdNews(c.db, c.tenantId, c.householdId, c.now);
  return items.slice(0, 3).map((n) => ({
    tone: 'neutral' as const,
    icon: 'ℹ',
    title: n.title,
    text: n.body.length > 160 ? `${n.body.slice(0, 157)}…` : n.body,
    href: `${c.base}/actualites`,
  }));
});

// ---- The household 360° view (back office): one section per feature. Planning, invoices and payments
// add theirs here when they exist.
const frDay = (d: string | null) => (d ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : '—');
const frInstant = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone }).format(d);
const ENROLLMENT_STATUS: Record<string, string> = {
  pending: 'En attente',
  accepted: 'Acceptée',
  refused: 'Refusée',
  waiting: 'Liste d’attente',
};
const SUBMISSION_STATUS: Record<string, string> = {
  pending: 'À vérifier',
  accepted: 'Accepté',
  refused: 'Refusé',
  withdrawn: 'Remplacé',
};

registerHouseholdSection({
  key: 'inscriptions',
  title: 'Inscriptions',
  order: 10,
  roles: ['manager', 'director', 'accountant'],
  load: async (c) => {
    const rows = await enrollmentsOfHousehold(c.db, c.tenantId, c.householdId);
    return {
      columns: ['Enfant', 'Activité', 'Période', 'Groupe', 'État'],
      empty: 'Aucune inscription.',
      rows: rows.map((r) => [
        `${r.childFirstName} ${r.childLastName}`,
        `${r.facilityName} · ${r.activityName}`,
        `${r.periodName} (${frDay(r.periodFirstDay)} – ${frDay(r.periodLastDay)})`,
        r.groupName ?? '—',
        r.rank === null
          ? (ENROLLMENT_STATUS[r.enrollment.status] ?? r.enrollment.status)
          : `Liste d’attente (rang ${r.rank})`,
      ]),
    };
  },
});

const BOOKING_STATUS: Record<string, string> = {
  confirmed: 'Réservé',
  requested: 'Demandé (à valider)',
  'cancel-requested': 'Annulation demandée',
  waiting: 'Liste d’attente',
};

registerHouseholdSection({
  key: 'reservations',
  title: 'Réservations à venir',
  order: 15,
  roles: ['manager', 'director', 'animator', 'accountant'],
  load: async (c) => {
    const rows = await upcomingBookingsOfHousehold(
      c.db,
      c.tenantId,
      c.householdId,
      dayInZone(c.now, c.timeZone),
    );
    return {
      columns: ['Jour', 'Enfant', 'Unité', 'État'],
      empty: 'Aucune réservation à venir.',
      rows: rows.map((r) => [
        formatDayFr(r.day),
        r.childFirstName,
        r.unitName,
        r.kind === 'wish' ? 'Vœu (attribution à venir)' : (BOOKING_STATUS[r.status] ?? r.status),
      ]),
    };
  },
});

registerHouseholdSection({
  key: 'justificatifs',
  title: 'Justificatifs déposés',
  order: 20,
  roles: DOCUMENT_ROLES,
  load: async (c) => {
    const [types, subs] = await Promise.all([
      listTypes(c.db, c.tenantId),
      submissionsOfHousehold(c.db, c.tenantId, c.householdId),
    ]);
    const name = new Map(types.map((t) => [t.id, t.name]));
    return {
      columns: ['Document', 'Déposé le', 'État', 'Valable jusqu’au'],
      empty: 'Aucun justificatif déposé.',
      rows: subs.map((s) => [
        { text: name.get(s.typeId) ?? 'Document', href: `${c.base}/gestion/documents/${s.id}` },
        frInstant(s.submittedAt, c.timeZone),
        SUBMISSION_STATUS[s.status] ?? s.status,
        frDay(s.validUntil),
      ]),
    };
  },
});

registerHouseholdSection({
  key: 'messages',
  title: 'Conversations',
  order: 30,
  roles: MESSAGE_ROLES,
  load: async (c) => {
    const threads = await listFamilyThreads(c.db, c.tenantId, c.householdId);
    return {
      columns: ['Sujet', 'Enfant', 'État', 'Dernier message'],
      empty: 'Aucune conversation.',
      rows: threads.map((t) => [
        { text: t.subject, href: `${c.base}/gestion/messages/${t.id}` },
        t.childFirstName ?? '—',
        t.status === 'open' ? 'Ouverte' : 'Close',
        frInstant(t.lastMessageAt, c.timeZone),
      ]),
    };
  },
});

AUDIT_LABELS['household.paperless.join'] = 'Factures dématérialisées : adhésion';
AUDIT_LABELS['household.paperless.leave'] = 'Factures dématérialisées : retour au papier';

const AUDIT_PAGE_SIZE = 20;
registerHouseholdSection({
  key: 'journal',
  title: 'Journal des opérations',
  order: 90,
  roles: ['manager'],
  load: async (c) => {
    const page = pageParam(c.query.journal);
    const r = await householdAuditPage(c.db, c.tenantId, c.householdId, page, AUDIT_PAGE_SIZE);
    return {
      columns: ['Date', 'Opération', 'Par'],
      empty: 'Aucune opération enregistrée.',
      note: 'Chaque modification et chaque consultation de données de santé par un agent est tracée.',
      pager: { param: 'journal', page, hasNext: r.hasNext, total: r.total },
      rows: r.rows.map((a) => [
        frInstant(a.at, c.timeZone),
        AUDIT_LABELS[a.action] ?? a.action,
        a.actor ?? '—',
      ]),
    };
  },
});

// Accepted absence declarations make booked days "justified absence" in the register's outcomes (billing).
registerJustifiedAbsenceSource(justifiedAbsenceDays);

// ---- Back office (issue 11, leftovers): invoice numbers in the family search; invoices, payments and
// allocation criteria in the household 360° view.
registerSearchProvider({ key: 'invoice-number', find: householdsByInvoiceNumber });
registerHouseholdSection(invoicesSection);
registerHouseholdSection(paymentsSection);
registerHouseholdSection(criteriaSection);

// ---- Billing × payments: the « Payer en ligne » button of the family invoice pages opens the online
// payment review page with the chosen invoices pre-selected.
setFamilyPayAction({ path: '/paiements/nouveau', label: 'Payer en ligne' });
// An invoice in a direct-debit collection shows (page and PDF) the SEPA pre-notification.
registerDirectDebitNoticeSource(directDebitNoticeOf);
