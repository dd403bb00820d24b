import { formatDayShortFr } from '../../../platform/calendar/days';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { type OccupancyRow, occupancyRate } from '../domain/occupancy';

const BAR = 9;
const GAP = 3;
const ROW = BAR * 2 + GAP + 10;
const LABEL_W = 150;
const CHART_W = 320;

/**
 * Horizontal bars (booked, present) per day × unit against a capacity tick: server-rendered SVG with a
 * title and description; the same numbers are in the table below it, which is what screen readers use.
 */
function Chart(p: { rows: OccupancyRow[]; max: number }) {
  const { rows, max } = p;
  const height = rows.length * ROW + 24;
  const scale = (n: number) => Math.round((n / max) * CHART_W);
  return (
    <svg
      class="occ-chart"
      viewBox={`0 0 ${LABEL_W + CHART_W + 40} ${height}`}
      role="img"
      aria-labelledby="occ-chart-title occ-chart-desc"
    >
      <title id="occ-chart-title">Occupation par jour et par unité</title>
      <desc id="occ-chart-desc">
        Barres foncées : enfants réservés ; barres claires : enfants présents ; trait vertical : capacité. Les
        mêmes chiffres figurent dans le tableau qui suit.
      </desc>
      {rows.map((r, i) => {
        const y = i * ROW;
        return (
          <g>
            <text x="0" y={String(y + BAR + 4)} class="occ-label" safe>
              {`${formatDayShortFr(r.day).slice(0, 5)} ${r.unitName}`.slice(0, 24)}
            </text>
            <rect
              x={String(LABEL_W)}
              y={String(y)}
              width={String(scale(r.booked))}
              height={String(BAR)}
              class="occ-booked"
            />
            <rect
              x={String(LABEL_W)}
              y={String(y + BAR + GAP)}
              width={String(scale(r.present))}
              height={String(BAR)}
              class="occ-present"
            />
            {r.capacity !== null ? (
              <line
                x1={String(LABEL_W + scale(r.capacity))}
                x2={String(LABEL_W + scale(r.capacity))}
                y1={String(y - 2)}
                y2={String(y + 2 * BAR + GAP + 2)}
                class="occ-cap"
              />
            ) : (
              ''
            )}
          </g>
        );
      })}
      <text x={String(LABEL_W)} y={String(height - 6)} class="occ-label">
        0
      </text>
      <text x={String(LABEL_W + CHART_W)} y={String(height - 6)} class="occ-label" text-anchor="end" safe>
        {String(max)}
      </text>
    </svg>
  );
}

export function OccupancyPage(p: {
  ctx: PageContext;
  facility: { id: string; name: string };
  facilities: { id: string; name: string }[];
  from: string;
  to: string;
  rows: OccupancyRow[];
  max: number;
  errors: Record<string, string>;
}) {
  const { ctx, rows } = p;
  return (
    <StaffLayout
      ctx={ctx}
      title={`Occupation — ${p.facility.name}`}
      section="/gestion/appel"
      crumbs={[
        { label: 'Gestion', href: `${ctx.base}/gestion` },
        { label: 'Appel du jour', href: `${ctx.base}/gestion/appel` },
        { label: 'Occupation' },
      ]}
    >
      <h1 safe>{`Occupation — ${p.facility.name}`}</h1>
      <form method="get" action={`${ctx.base}/gestion/occupation`} class="occ-form">
        <div class="field">
          <label for="f-site">Structure</label>
          <select id="f-site" name="site">
            {p.facilities.map((f) => (
              <option value={f.id} selected={f.id === p.facility.id} safe>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div class={p.errors.du ? 'field field-invalid' : 'field'}>
          <label for="f-du">Du</label>
          {p.errors.du ? (
            <p class="field-error" id="f-du-error" safe>
              {p.errors.du}
            </p>
          ) : (
            ''
          )}
          <input
            id="f-du"
            name="du"
            type="date"
            value={p.from}
            required
            aria-describedby={p.errors.du ? 'f-du-error' : undefined}
          />
        </div>
        <div class="field">
          <label for="f-au">Au</label>
          <input id="f-au" name="au" type="date" value={p.to} required />
        </div>
        <button type="submit" class="button button-secondary">
          Afficher
        </button>
      </form>
      {rows.length === 0 ? (
        <p class="empty">Aucun jour d’ouverture sur cette période.</p>
      ) : (
        <>
          <figure class="occ-figure">
            <Chart rows={rows} max={p.max} />
            <figcaption>
              <span class="occ-key occ-key-booked" aria-hidden="true"></span> réservés{' '}
              <span class="occ-key occ-key-present" aria-hidden="true"></span> présents{' '}
              <span class="occ-key occ-key-cap" aria-hidden="true"></span> capacité
            </figcaption>
          </figure>
          <div class="table-wrap">
            <table class="table-reflow occ-table">
              <caption>Occupation par jour et par unité</caption>
              <thead>
                <tr>
                  <th scope="col">Jour</th>
                  <th scope="col">Unité</th>
                  <th scope="col" class="num">
                    Réservés
                  </th>
                  <th scope="col" class="num">
                    Présents
                  </th>
                  <th scope="col" class="num">
                    Capacité
                  </th>
                  <th scope="col" class="num">
                    Taux
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const rate = occupancyRate(r.booked, r.capacity);
                  return (
                    <tr>
                      <td data-label="Jour" safe>
                        {formatDayShortFr(r.day)}
                      </td>
                      <td data-label="Unité" safe>
                        {r.unitName}
                      </td>
                      <td data-label="Réservés" class="num" safe>
                        {String(r.booked)}
                      </td>
                      <td data-label="Présents" class="num" safe>
                        {String(r.present)}
                      </td>
                      <td data-label="Capacité" class="num" safe>
                        {r.capacity === null ? 'illimitée' : String(r.capacity)}
                      </td>
                      <td data-label="Taux" class="num" safe>
                        {rate === null ? '—' : `${rate} %`}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </StaffLayout>
  );
}
