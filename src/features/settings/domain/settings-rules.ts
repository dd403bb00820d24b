import { contrastRatio, parseHex } from '../../../platform/views/color';

/** The page background of the design system (app.css `--bg`): links in the brand colour sit on it. */
export const PAGE_BACKGROUND = '#f6f7f9';
export const MIN_CONTRAST = 4.5;

/**
 * Why a brand colour is refused, in French, or null when it is usable: white text on it and the colour
 * itself on the page background (links, outlines) must both reach 4.5:1 (WCAG 2.1 AA, normal text).
 */
export function colourProblem(hex: string): string | null {
  if (!parseHex(hex)) return 'Couleur invalide : format #rrvvbb attendu (exemple : #1f4e8c).';
  const onWhite = contrastRatio(hex, '#ffffff');
  const onPage = contrastRatio(hex, PAGE_BACKGROUND);
  const worst = Math.min(onWhite, onPage);
  if (worst < MIN_CONTRAST)
    return `Couleur trop claire : contraste de ${formatRatio(worst)} avec le texte blanc et le fond de page, 4,5:1 au moins est exigé (RGAA). Choisissez une teinte plus foncée.`;
  return null;
}

export function formatRatio(r: number): string {
  return `${(Math.floor(r * 10) / 10).toLocaleString('fr-FR')}:1`;
}

let zones: Set<string> | null = null;

/** IANA time zones known to this Node.js (its ICU data), plus UTC. */
export function isIanaTimeZone(name: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones.has(name);
}

export function timeZoneList(): string[] {
  return [...Intl.supportedValuesOf('timeZone')];
}

/** French phone numbers and international ones: digits, spaces, dots, a leading +. */
export function isPhone(input: string): boolean {
  return /^\+?[0-9][0-9 .-]{5,22}[0-9]$/.test(input);
}
