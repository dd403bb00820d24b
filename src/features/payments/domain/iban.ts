import {
  electronicFormatIBAN,
  isSEPACountry,
  isValidBIC,
  ValidationErrorsIBAN,
  validateIBAN,
} from 'ibantools';

/**
 * Bank details typed by families. ibantools checks the country length, the IBAN mod-97 and, for France
 * and Monaco, the French RIB key (27-character IBANs). French messages next to the fields.
 */
export type IbanCheck = { ok: true; iban: string } | { ok: false; message: string };

export function checkIban(input: string): IbanCheck {
  const iban = electronicFormatIBAN(input) ?? '';
  if (iban === '') return { ok: false, message: 'Indiquez l’IBAN du compte à débiter.' };
  if (iban.length > 34) return { ok: false, message: 'Un IBAN compte 34 caractères au plus.' };
  if (!isSEPACountry(iban.slice(0, 2)))
    return { ok: false, message: 'Cet IBAN n’est pas celui d’un pays de la zone SEPA.' };
  const r = validateIBAN(iban);
  if (r.valid) return { ok: true, iban };
  if (r.errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength))
    return { ok: false, message: 'Cet IBAN n’a pas la bonne longueur pour son pays.' };
  if (r.errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum))
    return { ok: false, message: 'La clé RIB de cet IBAN est fausse : vérifiez les chiffres.' };
  return { ok: false, message: 'Cet IBAN n’est pas valide : vérifiez-le sur votre RIB.' };
}

/** A BIC is optional (IBAN-only since 2016); when given it must be 8 or 11 valid characters. */
export function checkBic(input: string): { ok: true; bic: string | null } | { ok: false; message: string } {
  const bic = input.replace(/\s+/g, '').toUpperCase();
  if (bic === '') return { ok: true, bic: null };
  return isValidBIC(bic)
    ? { ok: true, bic }
    : { ok: false, message: 'Ce BIC n’est pas valide (8 ou 11 caractères, voir votre RIB).' };
}

/** "FR76 **** **** 1234": the country, check digits and last 4 characters — what pages show. */
export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)} **** **** ${iban.slice(-4)}`;
}
