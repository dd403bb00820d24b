import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { schoolHolidaysOfZone } from '../../platform/calendar/school-holidays';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireStaff, type StaffActor } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { enrollmentsUsingGroup, enrollmentsUsingUnit, frDay } from '../enrollments/enrollments.service';
import {
  deadlineValues,
  fieldErrors,
  parseDeadline,
  ZActivity,
  ZCapacity,
  ZException,
  ZFacility,
  ZGroup,
  ZPeriod,
  ZUnit,
} from './catalogue.forms';
import {
  capacitiesOf,
  exceptionsOf,
  findActivity,
  findFacility,
  findGroup,
  findPeriod,
  findUnit,
  groupsOf,
  listActivities,
  listFacilities,
  periodsOfActivity,
  unitsOf,
} from './catalogue.repository';
import type { Activity, ActivityGroup, Period, Unit } from './catalogue.schema';
import {
  addCalendarException,
  createFacility,
  createGroup,
  createPeriod,
  createUnit,
  deleteCalendarException,
  deleteCapacity,
  deleteGroup,
  deleteUnit,
  type PeriodValues,
  type StaffChange,
  saveActivity,
  setCapacity,
  type UnitValues,
  unfreezePeriod,
  updateFacility,
  updateGroup,
  updatePeriod,
  updateUnit,
} from './catalogue.service';
import { addDays, type HolidayRegion, isoDayAt, regionHolidays } from './domain/calendar';
import { OPENING_REASON_LABEL, openingOn, schoolCalendar } from './domain/opening';
import {
  ActivityPage,
  CatalogueHomePage,
  FacilityPage,
  type FormState,
  GroupPage,
  PeriodPage,
  UnitPage,
} from './views/catalogue-pages';
import type { FormValues } from './views/form-parts';

const CONFIG_ROLES = ['manager'] as const;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function param(req: FastifyRequest, name: string): string {
  const v = (req.params as Record<string, string>)[name] ?? '';
  if (!UUID_RE.test(v)) throw new AppError('NOT_FOUND');
  return v;
}

const body = (req: FastifyRequest) => (req.body ?? {}) as FormValues;

/** Staff back office of the catalogue: facilities, activities, periods, groups, units, calendars, capacities. */
export async function catalogueRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const change = (staff: StaffActor): StaffChange => ({
    db,
    tenantId: staff.tenant.id,
    userId: staff.actor.userId,
    now: app.deps.clock.now(),
  });

  async function home(req: FastifyRequest, reply: FastifyReply, state?: FormState) {
    const staff = requireStaff(req, CONFIG_ROLES);
    const [facilities, activities] = await Promise.all([
      listFacilities(db, staff.tenant.id),
      listActivities(db, staff.tenant.id),
    ]);
    return reply
      .code(state ? 400 : 200)
      .html(
        <CatalogueHomePage
          ctx={pageContext(req, reply)}
          facilities={facilities}
          activities={activities}
          {...(state ? { state } : {})}
        />,
      );
  }

  function activitySettings(a: Activity): FormValues {
    return {
      name: a.name,
      facilityId: a.facilityId,
      kind: a.kind,
      description: a.description,
      enrollmentOnly: a.enrollmentOnly ? 'on' : undefined,
      enrollmentValidation: a.enrollmentValidation,
      bookingValidation: a.bookingValidation,
      lateChangePolicy: a.lateChangePolicy,
      requiredDocuments: a.requiredDocuments.join('\n'),
      ...deadlineValues(a.bookingDeadline, 'book_'),
      ...deadlineValues(a.cancelDeadline, 'cancel_'),
    };
  }

  async function activityPage(
    req: FastifyRequest,
    reply: FastifyReply,
    activityId: string,
    state?: FormState,
  ) {
    const staff = requireStaff(req, CONFIG_ROLES);
    const t = staff.tenant.id;
    const activity = await findActivity(db, t, activityId);
    if (!activity) throw new AppError('NOT_FOUND');
    const [facilities, periods, groups, units] = await Promise.all([
      listFacilities(db, t),
      periodsOfActivity(db, t, activityId),
      groupsOf(db, t, activityId),
      unitsOf(db, t, activityId),
    ]);
    return reply
      .code(state ? 400 : 200)
      .html(
        <ActivityPage
          ctx={pageContext(req, reply)}
          activity={activity}
          facilities={facilities}
          periods={periods}
          groups={groups}
          units={units}
          settings={activitySettings(activity)}
          {...(state ? { state } : {})}
        />,
      );
  }

  /** Parses the activity form (fields + two deadline rules); returns values or field errors. */
  function parseActivity(v: FormValues) {
    const parsed = ZActivity.safeParse(v);
    const book = parseDeadline(v, 'book_');
    const cancel = parseDeadline(v, 'cancel_');
    const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...book.errors, ...cancel.errors };
    if (!parsed.success || Object.keys(errors).length > 0) return { errors };
    return { values: { ...parsed.data, bookingDeadline: book.rule, cancelDeadline: cancel.rule }, errors };
  }

  function groupValues(d: z.infer<typeof ZGroup>) {
    return {
      name: d.g_name,
      minAge: d.g_minAge,
      maxAge: d.g_maxAge,
      minLevel: d.g_minLevel,
      maxLevel: d.g_maxLevel,
      capacity: d.g_capacity,
    };
  }

  /** Parses the unit form (fields + two deadline overrides); returns values or field errors. */
  function parseUnit(v: FormValues): { values?: UnitValues; errors: Record<string, string> } {
    const p = ZUnit.safeParse(v);
    const book = parseDeadline(v, 'ubook_');
    const cancel = parseDeadline(v, 'ucancel_');
    const errors = { ...(p.success ? {} : fieldErrors(p.error)), ...book.errors, ...cancel.errors };
    if (!p.success || Object.keys(errors).length > 0) return { errors };
    const d = p.data;
    return {
      errors,
      values: {
        name: d.u_name,
        kind: d.u_kind,
        startTime: d.u_startTime,
        endTime: d.u_endTime,
        weekdays: d.u_weekdays.map(Number).sort(),
        dayType: d.u_dayType,
        openOnPublicHolidays: d.u_openOnPublicHolidays,
        capacity: d.u_capacity,
        incompatibleUnitIds: d.u_incompatible,
        requiredUnitIds: d.u_required,
        bookingDeadline: book.rule,
        cancelDeadline: cancel.rule,
      },
    };
  }

  app.get('/gestion/catalogue', async (req, reply) => home(req, reply));

  app.post('/gestion/catalogue/structures', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const p = ZFacility.safeParse(body(req));
    if (!p.success)
      return home(req, reply, { form: 'facility', values: body(req), errors: fieldErrors(p.error) });
    await createFacility(change(staff), { name: p.data.f_name, address: p.data.f_address });
    setFlash(reply, 'success', 'Structure créée.');
    return reply.redirect(`${req.base}/gestion/catalogue`, 303);
  });

  app.post('/gestion/catalogue/activites', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const r = parseActivity(body(req));
    if (!r.values) return home(req, reply, { form: 'activity', values: body(req), errors: r.errors });
    try {
      const a = await saveActivity(change(staff), r.values);
      setFlash(reply, 'success', 'Activité créée. Ajoutez ses périodes, groupes et unités.');
      return reply.redirect(`${req.base}/gestion/catalogue/activites/${a.id}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return home(req, reply, { form: 'activity', values: body(req), errors: err.fields });
      throw err;
    }
  });

  app.get('/gestion/catalogue/activites/:activityId', async (req, reply) =>
    activityPage(req, reply, param(req, 'activityId')),
  );

  app.post('/gestion/catalogue/activites/:activityId', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'activityId');
    if (!(await findActivity(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const r = parseActivity(body(req));
    const fail = (errors: Record<string, string>) =>
      activityPage(req, reply, id, { form: 'settings', values: body(req), errors });
    if (!r.values) return fail(r.errors);
    try {
      await saveActivity(change(staff), r.values, id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return fail(err.fields);
      throw err;
    }
    setFlash(reply, 'success', 'Réglages enregistrés.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${id}`, 303);
  });

  function periodValues(d: z.infer<typeof ZPeriod>): PeriodValues {
    return {
      name: d.p_name,
      firstDay: d.p_firstDay,
      lastDay: d.p_lastDay,
      enrollmentFirstDay: d.p_enrollmentFirstDay,
      enrollmentLastDay: d.p_enrollmentLastDay,
      bookingFirstDay: d.p_bookingFirstDay,
      bookingLastDay: d.p_bookingLastDay,
      allocationMode: d.p_allocationMode,
      requestWindowFirstDay: d.p_allocationMode === 'request_window' ? d.p_requestFirstDay : null,
      requestWindowLastDay: d.p_allocationMode === 'request_window' ? d.p_requestLastDay : null,
      visible: d.p_visible,
      frozen: d.p_frozen,
    };
  }

  app.post('/gestion/catalogue/activites/:activityId/periodes', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'activityId');
    if (!(await findActivity(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const p = ZPeriod.safeParse(body(req));
    if (!p.success)
      return activityPage(req, reply, id, {
        form: 'period',
        values: body(req),
        errors: fieldErrors(p.error),
      });
    await createPeriod(change(staff), id, periodValues(p.data));
    setFlash(reply, 'success', 'Période ajoutée.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${id}`, 303);
  });

  function periodForm(p: Period): FormValues {
    return {
      p_name: p.name,
      p_firstDay: p.firstDay,
      p_lastDay: p.lastDay,
      p_enrollmentFirstDay: p.enrollmentFirstDay ?? '',
      p_enrollmentLastDay: p.enrollmentLastDay ?? '',
      p_bookingFirstDay: p.bookingFirstDay ?? '',
      p_bookingLastDay: p.bookingLastDay ?? '',
      p_allocationMode: p.allocationMode,
      p_requestFirstDay: p.requestWindowFirstDay ?? '',
      p_requestLastDay: p.requestWindowLastDay ?? '',
      p_visible: p.visible ? 'on' : '',
      p_frozen: p.frozen ? 'on' : undefined,
    };
  }

  async function periodPage(req: FastifyRequest, reply: FastifyReply, status: number, state?: FormState) {
    const staff = requireStaff(req, CONFIG_ROLES);
    const period = await findPeriod(db, staff.tenant.id, param(req, 'periodId'));
    if (!period) throw new AppError('NOT_FOUND');
    const activity = (await findActivity(db, staff.tenant.id, period.activityId))!;
    return reply
      .code(status)
      .html(
        <PeriodPage
          ctx={pageContext(req, reply)}
          period={period}
          activity={activity}
          values={periodForm(period)}
          canUnfreeze={staff.roles.includes('admin')}
          {...(state ? { state } : {})}
        />,
      );
  }

  app.get('/gestion/catalogue/periodes/:periodId', async (req, reply) => periodPage(req, reply, 200));

  app.post('/gestion/catalogue/periodes/:periodId', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'periodId');
    const current = await findPeriod(db, staff.tenant.id, id);
    if (!current) throw new AppError('NOT_FOUND');
    if (current.frozen)
      throw new AppError('CONFLICT', 'Cette période est figée : elle est en lecture seule.');
    const p = ZPeriod.safeParse(body(req));
    if (!p.success)
      return periodPage(req, reply, 400, { form: 'period', values: body(req), errors: fieldErrors(p.error) });
    await updatePeriod(
      { ...change(staff), isAdmin: staff.roles.includes('admin') },
      id,
      periodValues(p.data),
    );
    setFlash(reply, 'success', 'Période enregistrée.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${current.activityId}`, 303);
  });

  app.post('/gestion/catalogue/activites/:activityId/groupes', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'activityId');
    if (!(await findActivity(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const p = ZGroup.safeParse(body(req));
    if (!p.success)
      return activityPage(req, reply, id, { form: 'group', values: body(req), errors: fieldErrors(p.error) });
    await createGroup(change(staff), id, groupValues(p.data));
    setFlash(reply, 'success', 'Groupe ajouté.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${id}`, 303);
  });

  app.post('/gestion/catalogue/activites/:activityId/unites', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'activityId');
    if (!(await findActivity(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const v = body(req);
    const r = parseUnit(v);
    const fail = (e: Record<string, string>) =>
      activityPage(req, reply, id, { form: 'unit', values: v, errors: e });
    if (!r.values) return fail(r.errors);
    try {
      await createUnit(change(staff), id, r.values);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return fail(err.fields);
      throw err;
    }
    setFlash(reply, 'success', 'Unité ajoutée.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${id}`, 303);
  });

  function unitForm(u: Unit): FormValues {
    return {
      u_name: u.name,
      u_kind: u.kind,
      u_startTime: u.startTime,
      u_endTime: u.endTime,
      u_weekdays: u.weekdays.map(String),
      u_dayType: u.dayType,
      u_openOnPublicHolidays: u.openOnPublicHolidays ? 'on' : undefined,
      u_capacity: u.capacity === null ? '' : String(u.capacity),
      u_incompatible: u.incompatibleUnitIds,
      u_required: u.requiredUnitIds,
      ...deadlineValues(u.bookingDeadline, 'ubook_'),
      ...deadlineValues(u.cancelDeadline, 'ucancel_'),
    };
  }

  async function unitPage(
    req: FastifyRequest,
    reply: FastifyReply,
    state?: FormState,
    conflict?: { status: number; message: string },
  ) {
    const staff = requireStaff(req, CONFIG_ROLES);
    const tenant = staff.tenant;
    const unit = await findUnit(db, tenant.id, param(req, 'unitId'));
    if (!unit) throw new AppError('NOT_FOUND');
    const activity = (await findActivity(db, tenant.id, unit.activityId))!;
    const [siblings, groups, exceptions, capacities, periods, school] = await Promise.all([
      unitsOf(db, tenant.id, activity.id),
      groupsOf(db, tenant.id, activity.id),
      exceptionsOf(db, tenant.id, unit.id),
      capacitiesOf(db, tenant.id, unit.id),
      periodsOfActivity(db, tenant.id, activity.id),
      schoolHolidaysOfZone(db, tenant.schoolZone),
    ]);
    const today = isoDayAt(app.deps.clock.now(), tenant.timeZone);
    const cal = {
      holidays: regionHolidays(tenant.holidayRegion as HolidayRegion),
      school: schoolCalendar(school),
    };
    const exMap = new Map(exceptions.map((x) => [x.day, x.kind as 'closed' | 'open']));
    const preview = Array.from({ length: 28 }, (_, i) => addDays(today, i)).map((day) => {
      const inPeriod = periods.find((p) => p.firstDay <= day && day <= p.lastDay);
      const o = openingOn(
        day,
        {
          weekdays: unit.weekdays,
          dayType: unit.dayType as 'both',
          openOnPublicHolidays: unit.openOnPublicHolidays,
          exceptions: exMap,
          firstDay: inPeriod?.firstDay ?? '9999-12-31',
          lastDay: inPeriod?.lastDay ?? '0000-01-01',
        },
        cal,
      );
      return { day: frDay(day), label: OPENING_REASON_LABEL[o.reason] };
    });
    return reply
      .code(conflict ? conflict.status : state ? 400 : 200)
      .html(
        <UnitPage
          ctx={pageContext(req, reply)}
          unit={unit}
          siblings={siblings.filter((x) => x.id !== unit.id)}
          values={unitForm(unit)}
          {...(conflict ? { conflict: conflict.message } : {})}
          activity={activity}
          groups={groups}
          exceptions={exceptions}
          capacities={capacities}
          preview={preview}
          {...(state ? { state } : {})}
        />,
      );
  }

  app.get('/gestion/catalogue/unites/:unitId', async (req, reply) => unitPage(req, reply));

  app.post('/gestion/catalogue/unites/:unitId/exceptions', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'unitId');
    if (!(await findUnit(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const p = ZException.safeParse(body(req));
    if (!p.success)
      return unitPage(req, reply, { form: 'exception', values: body(req), errors: fieldErrors(p.error) });
    await addCalendarException(change(staff), id, {
      day: p.data.x_day,
      kind: p.data.x_kind,
      label: p.data.x_label,
    });
    setFlash(reply, 'success', 'Exception enregistrée.');
    return reply.redirect(`${req.base}/gestion/catalogue/unites/${id}`, 303);
  });

  app.post('/gestion/catalogue/unites/:unitId/capacites', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'unitId');
    if (!(await findUnit(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const p = ZCapacity.safeParse(body(req));
    const fail = (errors: Record<string, string>) =>
      unitPage(req, reply, { form: 'capacity', values: body(req), errors });
    if (!p.success) return fail(fieldErrors(p.error));
    try {
      await setCapacity(change(staff), id, {
        groupId: p.data.c_groupId,
        day: p.data.c_day,
        capacity: p.data.c_capacity,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return fail(err.fields);
      throw err;
    }
    setFlash(reply, 'success', 'Capacité enregistrée.');
    return reply.redirect(`${req.base}/gestion/catalogue/unites/${id}`, 303);
  });

  // ---- Edits and deletions ----

  async function facilityPage(req: FastifyRequest, reply: FastifyReply, state?: FormState) {
    const staff = requireStaff(req, CONFIG_ROLES);
    const f = await findFacility(db, staff.tenant.id, param(req, 'facilityId'));
    if (!f) throw new AppError('NOT_FOUND');
    return reply
      .code(state ? 400 : 200)
      .html(
        <FacilityPage
          ctx={pageContext(req, reply)}
          facility={f}
          values={{ f_name: f.name, f_address: f.address }}
          {...(state ? { state } : {})}
        />,
      );
  }

  app.get('/gestion/catalogue/structures/:facilityId', async (req, reply) => facilityPage(req, reply));

  app.post('/gestion/catalogue/structures/:facilityId', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'facilityId');
    if (!(await findFacility(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const p = ZFacility.safeParse(body(req));
    if (!p.success)
      return facilityPage(req, reply, { form: 'facility', values: body(req), errors: fieldErrors(p.error) });
    await updateFacility(change(staff), id, { name: p.data.f_name, address: p.data.f_address });
    setFlash(reply, 'success', 'Structure enregistrée.');
    return reply.redirect(`${req.base}/gestion/catalogue`, 303);
  });

  app.post('/gestion/catalogue/periodes/:periodId/degeler', async (req, reply) => {
    const staff = requireStaff(req, ['admin']);
    const id = param(req, 'periodId');
    const period = await findPeriod(db, staff.tenant.id, id);
    if (!period) throw new AppError('NOT_FOUND');
    const v = body(req);
    if (v.confirm !== 'on')
      return periodPage(req, reply, 400, {
        form: 'period',
        values: {},
        errors: { confirm: 'Cochez la case pour confirmer la réouverture de la période.' },
      });
    await unfreezePeriod(change(staff), id);
    setFlash(reply, 'success', 'Période rouverte : elle est de nouveau modifiable.');
    return reply.redirect(`${req.base}/gestion/catalogue/periodes/${id}`, 303);
  });

  function groupForm(g: ActivityGroup): FormValues {
    const n = (x: number | null) => (x === null ? '' : String(x));
    return {
      g_name: g.name,
      g_minAge: n(g.minAge),
      g_maxAge: n(g.maxAge),
      g_minLevel: n(g.minLevel),
      g_maxLevel: n(g.maxLevel),
      g_capacity: String(g.capacity),
    };
  }

  async function groupPage(
    req: FastifyRequest,
    reply: FastifyReply,
    state?: FormState,
    conflict?: { status: number; message: string },
  ) {
    const staff = requireStaff(req, CONFIG_ROLES);
    const g = await findGroup(db, staff.tenant.id, param(req, 'groupId'));
    if (!g) throw new AppError('NOT_FOUND');
    const activity = (await findActivity(db, staff.tenant.id, g.activityId))!;
    return reply
      .code(conflict ? conflict.status : state ? 400 : 200)
      .html(
        <GroupPage
          ctx={pageContext(req, reply)}
          group={g}
          activity={activity}
          values={groupForm(g)}
          {...(state ? { state } : {})}
          {...(conflict ? { conflict: conflict.message } : {})}
        />,
      );
  }

  app.get('/gestion/catalogue/groupes/:groupId', async (req, reply) => groupPage(req, reply));

  app.post('/gestion/catalogue/groupes/:groupId', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'groupId');
    const g = await findGroup(db, staff.tenant.id, id);
    if (!g) throw new AppError('NOT_FOUND');
    const p = ZGroup.safeParse(body(req));
    if (!p.success)
      return groupPage(req, reply, { form: 'group', values: body(req), errors: fieldErrors(p.error) });
    await updateGroup(change(staff), id, groupValues(p.data));
    setFlash(reply, 'success', 'Groupe enregistré.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${g.activityId}`, 303);
  });

  app.post('/gestion/catalogue/groupes/:groupId/supprimer', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'groupId');
    const g = await findGroup(db, staff.tenant.id, id);
    if (!g) throw new AppError('NOT_FOUND');
    try {
      await deleteGroup(change(staff), id, enrollmentsUsingGroup);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT')
        return groupPage(req, reply, undefined, { status: err.status, message: err.message });
      throw err;
    }
    setFlash(reply, 'success', 'Groupe supprimé.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${g.activityId}`, 303);
  });

  app.post('/gestion/catalogue/unites/:unitId', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'unitId');
    if (!(await findUnit(db, staff.tenant.id, id))) throw new AppError('NOT_FOUND');
    const v = body(req);
    const r = parseUnit(v);
    const fail = (e: Record<string, string>) => unitPage(req, reply, { form: 'unit', values: v, errors: e });
    if (!r.values) return fail(r.errors);
    try {
      await updateUnit(change(staff), id, r.values);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return fail(err.fields);
      throw err;
    }
    setFlash(reply, 'success', 'Unité enregistrée.');
    return reply.redirect(`${req.base}/gestion/catalogue/unites/${id}`, 303);
  });

  app.post('/gestion/catalogue/unites/:unitId/supprimer', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'unitId');
    const u = await findUnit(db, staff.tenant.id, id);
    if (!u) throw new AppError('NOT_FOUND');
    try {
      await deleteUnit(change(staff), id, enrollmentsUsingUnit);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT')
        return unitPage(req, reply, undefined, { status: err.status, message: err.message });
      throw err;
    }
    setFlash(reply, 'success', 'Unité supprimée.');
    return reply.redirect(`${req.base}/gestion/catalogue/activites/${u.activityId}`, 303);
  });

  app.post('/gestion/catalogue/unites/:unitId/exceptions/:exceptionId/supprimer', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'unitId');
    await deleteCalendarException(change(staff), id, param(req, 'exceptionId'));
    setFlash(reply, 'success', 'Exception supprimée.');
    return reply.redirect(`${req.base}/gestion/catalogue/unites/${id}`, 303);
  });

  app.post('/gestion/catalogue/unites/:unitId/capacites/:capacityId/supprimer', async (req, reply) => {
    const staff = requireStaff(req, CONFIG_ROLES);
    const id = param(req, 'unitId');
    try {
      await deleteCapacity(change(staff), id, param(req, 'capacityId'));
    } catch (err) {
      // Back to the unit's default capacity would leave more children booked than places.
      if (err instanceof AppError && err.code === 'VALIDATION')
        return unitPage(req, reply, undefined, { status: err.status, message: err.message });
      throw err;
    }
    setFlash(reply, 'success', 'Capacité particulière supprimée.');
    return reply.redirect(`${req.base}/gestion/catalogue/unites/${id}`, 303);
  });
}
