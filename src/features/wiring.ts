import { countPendingBookingRequests } from './bookings/staff.service';
import {
  countDocumentsToReview,
  DOCUMENT_ROLES,
  documentsNeedingAttention,
} from './documents/documents.service';
import { countPendingEnrollments } from './enrollments/enrollments.repository';
import { registerDashboardItems } from './households/dashboard';
import { countOpenThreadsUnreadByStaff, unreadMessageCount } from './messaging/messaging.repository';
import { MESSAGE_ROLES } from './messaging/messaging.service';
import { householdNews } from './news/news.service';
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
  label: 'Conversations avec des messages non lus',
  href: '/gestion/messages',
  roles: MESSAGE_ROLES,
  count: countOpenThreadsUnreadByStaff,
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
