/**
 * Ages from ISO calendar days (`YYYY-MM-DD`), never from Date objects: no time-zone drift. Pure module.
 */

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not an ISO day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * Completed months between birth and today. A child born on the 31st completes a month on the last day
 * of a shorter month; a child born on 29 February completes its years on 1 March in common years.
 */
export function ageInMonths(birthDate: string, today: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [ty, tm, td] = parts(today);
  let months = (ty - by) * 12 + (tm - bm);
  const lastDayOfMonth = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const birthdayThisMonth = bm === 2 && bd === 29 && tm === 2 ? 29 : Math.min(bd, lastDayOfMonth);
  if (td < birthdayThisMonth) months -= 1;
  return Math.max(0, months);
}

export function ageInYears(birthDate: string, today: string): number {
  return Math.floor(ageInMonths(birthDate, today) / 12);
}

/** "7 ans", "1 an", "18 mois", "3 mois"; "pas encore né(e)" for a future date. */
export function ageLabel(birthDate: string, today: string): string {
  if (birthDate > today) return 'pas encore né(e)';
  const months = ageInMonths(birthDate, today);
  if (months < 24) return `${months} mois`;
  const years = Math.floor(months / 12);
  return years === 1 ? '1 an' : `${years} ans`;
}

/** The calendar day of an instant in a time zone (Europe/Paris by default), as `YYYY-MM-DD`. */
export function dayIn(instant: Date, timeZone = 'Europe/Paris'): string {
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `2019-05-04` → `04/05/2019`. */
export function frenchDate(day: string): string {
  const [y, m, d] = parts(day);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}
