import { and, eq } from 'drizzle-orm';
import { households } from '../households/households.schema';
import type { HouseholdSection } from './household-sections';

/**
 * The household's allocation criteria kept on the household (« famille résidente »), with the link to
 * change it (households/staff.routes.tsx, managers). Read by the request-window allocations.
 */
export const criteriaSection: HouseholdSection = {
  key: 'criteres',
  title: 'Critères d’attribution',
  order: 12,
  roles: ['manager'],
  load: async (c) => {
    const [h] = await c.db
      .select({ resident: households.resident })
      .from(households)
      .where(and(eq(households.tenantId, c.tenantId), eq(households.id, c.householdId)));
    return {
      columns: ['Critère', 'Valeur', 'Action'],
      empty: 'Aucun critère.',
      rows: [
        [
          'Famille résidente',
          h?.resident ? 'Oui' : 'Non',
          { text: 'Modifier ce critère', href: `${c.base}/gestion/familles/${c.householdId}/criteres` },
        ],
      ],
    };
  },
};
