import { readFileSync } from 'node:fs';
import { parseCommonPasswords } from './domain/password-policy';

/** The shipped list of common passwords, read once. */
export const COMMON_PASSWORDS: ReadonlySet<string> = parseCommonPasswords(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8'),
);
