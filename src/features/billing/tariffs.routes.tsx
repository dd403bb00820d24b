import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayIn } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { staffOf } from '../households/access';
import { formValues, idParam } from '../messaging/kit';
import { versionOn } from './domain/pricing';
import { findUnit, unitsOfTenant, versionsOfTenant, versionsOfUnit } from './tariffs.repository';
import type { TariffVersion } from './tariffs.schema';
import { BILLING_READERS, BILLING_WRITERS, createTariffVersion } from './tariffs.service';
import { TariffListPage, TariffUnitPage } from './views/tariffs';

/** Staff pages of tariffs: the accountant and administrators write, managers read. */
export async function tariffRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();

  app.get('/gestion/tarifs', async (req, reply) => {
    const staff = staffOf(req, BILLING_READERS);
    const today = todayIn(staff.tenant.timeZone, now());
    const [units, versions] = await Promise.all([
      unitsOfTenant(db, staff.tenant.id),
      versionsOfTenant(db, staff.tenant.id),
    ]);
    const byUnit = new Map<string, TariffVersion[]>();
    for (const v of versions) byUnit.set(v.unitId, [...(byUnit.get(v.unitId) ?? []), v]);
    const current = new Map<string, TariffVersion>();
    const counts = new Map<string, number>();
    for (const [unitId, list] of byUnit) {
      counts.set(unitId, list.length);
      const v = versionOn(list, today) ?? list[0];
      if (v) current.set(unitId, v);
    }
    return reply.html(
      <TariffListPage
        ctx={pageContext(req, reply)}
        units={units}
        current={current}
        counts={counts}
        today={today}
      />,
    );
  });

  async function unitPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const staff = staffOf(req, BILLING_READERS);
    const unit = await findUnit(db, staff.tenant.id, idParam(req.params, 'unitId'));
    if (!unit) throw new AppError('NOT_FOUND');
    const versions = await versionsOfUnit(db, staff.tenant.id, unit.unitId);
    const canWrite = staff.roles.some((r) => r === 'admin' || BILLING_WRITERS.includes(r));
    return reply
      .code(err ? err.status : 200)
      .html(
        <TariffUnitPage
          ctx={pageContext(req, reply)}
          unit={unit}
          versions={versions}
          canWrite={canWrite}
          values={values}
          errors={err?.fields ?? {}}
          today={todayIn(staff.tenant.timeZone, now())}
        />,
      );
  }

  app.get('/gestion/tarifs/:unitId', async (req, reply) => unitPage(req, reply, {}));

  app.post('/gestion/tarifs/:unitId', async (req, reply) => {
    const staff = staffOf(req, BILLING_WRITERS);
    const unitId = idParam(req.params, 'unitId');
    try {
      await createTariffVersion(db, { staff, now: now(), unitId, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') {
        const values = formValues(req.body);
        if (!('taxEligible' in values)) values.taxEligible = 'off';
        return unitPage(req, reply, values, err);
      }
      throw err;
    }
    setFlash(reply, 'success', 'Nouvelle version du tarif enregistrée.');
    return reply.redirect(`${req.base}/gestion/tarifs/${unitId}`, 303);
  });
}
