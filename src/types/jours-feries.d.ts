// @socialgouv/jours-feries ships no types: it returns holiday names mapped to local-midnight Dates.
declare module '@socialgouv/jours-feries' {
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>;
}
