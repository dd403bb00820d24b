import { formatDayLongFr } from '../../../platform/calendar/days';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import type { registerOverview } from '../attendance.service';

type Row = Awaited<ReturnType<typeof registerOverview>>[number];

/** The register chooser: pick a day, then a facility's unit. */
export function OverviewPage(p: { ctx: PageContext; day: string; rows: Row[]; canSeeOccupancy: boolean }) {
  const { ctx, day, rows } = p;
  const facilities = [...new Map(rows.map((r) => [r.facilityId, r.facilityName])).entries()];
  return (
    <StaffLayout
      ctx={ctx}
      title="Appel"
      section="/gestion/appel"
      crumbs={[{ label: 'Gestion', href: `${ctx.base}/gestion` }, { label: 'Appel' }]}
    >
      <h1>Appel du jour</h1>
      <form method="get" action={`${ctx.base}/gestion/appel`} class="reg-day-form">
        <div class="field">
          <label for="f-jour">Jour</label>
          <input id="f-jour" name="jour" type="date" value={day} required />
        </div>
        <button type="submit" class="button button-secondary">
          Afficher
        </button>
      </form>
      <p class="lead" safe>
        {formatDayLongFr(day)}
      </p>
      {facilities.length === 0 ? <p class="empty">Aucune structure ne vous est rattachée.</p> : ''}
      {facilities.map(([facilityId, facilityName]) => {
        const units = rows.filter((r) => r.facilityId === facilityId);
        return (
          <section class="card" aria-labelledby={`fac-${facilityId}`}>
            <h2 id={`fac-${facilityId}`} safe>
              {facilityName}
            </h2>
            <ul class="reg-units">
              {units.map((u) => (
                <li>
                  <a
                    href={`${ctx.base}/gestion/appel?site=${facilityId}&jour=${day}&unite=${u.unitId}`}
                    class="reg-unit-link"
                  >
                    <span safe>{`${u.activityName} · ${u.unitName}`}</span>{' '}
                    <span class="reg-unit-count" safe>
                      {`${u.booked} enfant${u.booked > 1 ? 's' : ''} réservé${u.booked > 1 ? 's' : ''}`}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
            {p.canSeeOccupancy ? (
              <p>
                <a href={`${ctx.base}/gestion/occupation?site=${facilityId}`}>Occupation de la structure</a>
              </p>
            ) : (
              ''
            )}
          </section>
        );
      })}
    </StaffLayout>
  );
}
