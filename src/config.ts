import { resolve } from 'node:path';
import { z } from 'zod';

/** Environment variables, parsed once. A bad value stops the process with a one-line message. */
const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')
    .optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Maisonnée <no-reply@maisonnee.localhost>'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  COOKIE_SECRET: z.string().min(32).optional(),
  // Key of the files encryption at rest: 32 bytes in base64 (e.g. `openssl rand -base64 32`). When absent
  // one is generated into DATA_DIR/files.secret; several instances must share it through the environment.
  FILES_KEY: z
    .string()
    .refine((v) => Buffer.from(v.trim(), 'base64').length === 32, 'must be 32 bytes in base64')
    .optional(),
  SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPERATOR_EMAIL: z.string().email().optional(),
  OPERATOR_PASSWORD: z.string().min(12).max(128).optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Bearer token of /metrics (Prometheus); without it the endpoint answers 404.
  METRICS_TOKEN: z.string().min(16).max(200).optional(),
  // The payment simulator settles invoices without money: on by default outside production only.
  PAYMENT_SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
});

export type AppConfig = z.infer<typeof ZConfig> & { dataDir: string; isProduction: boolean };

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(
      `Configuration invalide : ${name} (${issue.message}) / Invalid configuration: ${name} (${issue.message})`,
    );
  }
  const c = parsed.data;
  return { ...c, dataDir: resolve(c.DATA_DIR), isProduction: c.NODE_ENV === 'production' };
}
