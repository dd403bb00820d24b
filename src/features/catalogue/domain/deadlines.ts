import {
  addMonths,
  daysInMonth,
  isoDay,
  parseIsoDay,
  startOfMonth,
  startOfWeek,
} from '../../../platform/calendar/days';
import { addDays, type HolidayCalendar, type IsoDay, isWorkingDay, zonedInstant } from './calendar';

/**
 * Deadline rules of a tenant (not law). Times are wall-clock `HH:MM` in the tenant's time zone;
 * `24:00` is midnight at the end of the day.
 */
export type DeadlineRule =
  /** N days before the day (0 = the day itself), counting calendar or working days. */
  | { kind: 'days_before'; days: number; workingDays: boolean; time: string }
  /** A weekday (1 = Monday … 7 = Sunday) of the week before the day's week. */
  | { kind: 'weekday_previous_week'; weekday: number; time: string }
  /** Day X of the month before the day's month (the month's last day when shorter). */
  | { kind: 'day_previous_month'; day: number; time: string };

export const WEEKDAY_NAMES = [
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
] as const;

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Checks a rule's numbers; returns French messages per field (empty when valid). */
export function validateRule(rule: DeadlineRule): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!TIME_RE.test(rule.time)) errors.time = 'Indiquez une heure au format HH:MM (24:00 pour minuit).';
  if (rule.kind === 'days_before' && (!Number.isInteger(rule.days) || rule.days < 0 || rule.days > 60))
    errors.days = 'Indiquez un nombre de jours entre 0 et 60.';
  if (rule.kind === 'weekday_previous_week' && !(rule.weekday >= 1 && rule.weekday <= 7))
    errors.weekday = 'Choisissez un jour de la semaine.';
  if (rule.kind === 'day_previous_month' && !(Number.isInteger(rule.day) && rule.day >= 1 && rule.day <= 31))
    errors.day = 'Indiquez un jour du mois entre 1 et 31.';
  return errors;
}

/** The day on which the deadline falls (its time may be 24:00, i.e. the end of that day). */
export function deadlineDay(rule: DeadlineRule, day: IsoDay, holidays: HolidayCalendar): IsoDay {
  switch (rule.kind) {
    case 'days_before': {
      if (!rule.workingDays) return addDays(day, -rule.days);
      // Count back N working days strictly before the day (N = 0: the day itself). Same walk as the
      // platform's addWorkingDays(day, -N, region), kept here because it runs on an injected calendar.
      let d = day;
      let left = rule.days;
      while (left > 0) {
        d = addDays(d, -1);
        if (isWorkingDay(d, holidays)) left -= 1;
      }
      return d;
    }
    case 'weekday_previous_week':
      // The week before the day's week (Monday to Sunday), then its weekday.
      return addDays(startOfWeek(day), rule.weekday - 1 - 7);
    case 'day_previous_month': {
      const { year, month } = parseIsoDay(addMonths(startOfMonth(day), -1));
      return isoDay(year, month, Math.min(rule.day, daysInMonth(year, month)));
    }
  }
}

/** The last instant at which the rule allows a change for `day`, in the time zone. */
export function deadlineInstant(
  rule: DeadlineRule,
  day: IsoDay,
  timeZone: string,
  holidays: HolidayCalendar,
): Date {
  return zonedInstant(deadlineDay(rule, day, holidays), rule.time, timeZone);
}

export interface UnitDeadlines {
  /** Last instant to book; null: no deadline (until the unit starts is the bookings feature's rule). */
  bookUntil: Date | null;
  cancelUntil: Date | null;
}

/** Until when a unit on a day may be booked and cancelled (the unit's rules override the activity's). */
export function unitDeadlines(input: {
  day: IsoDay;
  timeZone: string;
  holidays: HolidayCalendar;
  activity: { bookingDeadline: DeadlineRule | null; cancelDeadline: DeadlineRule | null };
  unit?: { bookingDeadline: DeadlineRule | null; cancelDeadline: DeadlineRule | null };
}): UnitDeadlines {
  const book = input.unit?.bookingDeadline ?? input.activity.bookingDeadline;
  const cancel = input.unit?.cancelDeadline ?? input.activity.cancelDeadline;
  return {
    bookUntil: book ? deadlineInstant(book, input.day, input.timeZone, input.holidays) : null,
    cancelUntil: cancel ? deadlineInstant(cancel, input.day, input.timeZone, input.holidays) : null,
  };
}

/**
 * True while a change is still on time. Deadlines are half-open, as everywhere in bookings (ADR 0005):
 * "jusqu'à 10 h 00" means until 09:59:59.999; the deadline instant itself is late. A null deadline
 * never passes.
 */
export function isBeforeDeadline(now: Date, deadline: Date | null): boolean {
  return deadline === null || now.getTime() < deadline.getTime();
}

/** "10 h 00", "minuit", "23 h 59". */
export function frenchTime(time: string): string {
  if (time === '24:00') return 'minuit';
  const [h, m] = time.split(':');
  return `${Number(h)} h ${m}`;
}

/**
 * A rule as a plain French sentence for families, e.g. "Réservable jusqu'à 2 jours ouvrés avant, 10 h 00".
 * Only `24:00` (the end of the day) reads "minuit"; `00:00` reads "0 h 00" so the two never mix up.
 */
export function describeRule(rule: DeadlineRule | null, action: 'book' | 'cancel'): string {
  const verb = action === 'book' ? 'Réservable' : 'Annulable';
  if (!rule) return `${verb} sans délai`;
  const at = frenchTime(rule.time);
  switch (rule.kind) {
    case 'days_before': {
      if (rule.days === 0) return `${verb} jusqu'au jour même, ${at}`;
      const unit = rule.workingDays
        ? rule.days > 1
          ? 'jours ouvrés'
          : 'jour ouvré'
        : rule.days > 1
          ? 'jours'
          : 'jour';
      return `${verb} jusqu'à ${rule.days} ${unit} avant, ${at}`;
    }
    case 'weekday_previous_week':
      return `${verb} jusqu'au ${WEEKDAY_NAMES[rule.weekday - 1]} de la semaine précédente, ${at}`;
    case 'day_previous_month':
      return `${verb} jusqu'au ${rule.day === 1 ? '1er' : rule.day} du mois précédent, ${at}`;
  }
}
