import { join } from 'node:path';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { ensureDailyBookingJobs } from './features/bookings/reminders.job';
import { ensureOperatorFromEnvironment } from './features/operator/first-operator';
import { loadBundledSchoolHolidays } from './platform/calendar/school-holidays';
import { systemClock } from './platform/clock';
import { openDatabase } from './platform/db/client';
import { encryptedStorage, localFileStorage, parseFilesKey } from './platform/files/storage';
import { jobHandlers } from './platform/jobs/handlers';
import { Worker } from './platform/jobs/worker';
import { fileMailer, smtpMailer } from './platform/mail/mailer';
import { deriveKey, loadOrCreateSecret } from './platform/secrets';
import { seedDemoIfEmpty } from './seed/demo';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const started = Date.now();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
  });
  try {
    await database.ping();
  } catch (err) {
    fail(
      `Base de données injoignable : DATABASE_URL (${(err as Error).message}) / Database unreachable: DATABASE_URL`,
    );
  }
  await database.migrate();
  await loadBundledSchoolHolidays(database.db);
  const filesKey = parseFilesKey(loadOrCreateSecret(config.dataDir, 'files', config.FILES_KEY));
  const storage = encryptedStorage(localFileStorage(join(config.dataDir, 'files')), filesKey);
  const demo = await seedDemoIfEmpty(database.db, config, storage, deriveKey(filesKey, 'tenant-settings'));
  try {
    await ensureOperatorFromEnvironment(database.db, config.OPERATOR_EMAIL, config.OPERATOR_PASSWORD);
  } catch (err) {
    fail(`Configuration invalide : ${(err as Error).message}`);
  }

  // Daily booking passes (request-window allocations, deadline reminders); each reschedules itself.
  await ensureDailyBookingJobs(database.db, systemClock.now());

  const mailer = config.SMTP_URL ? smtpMailer(config.SMTP_URL) : fileMailer(join(config.dataDir, 'mail'));
  const clock = systemClock;
  const app = await buildApp({
    config,
    database,
    clock,
    mailer,
    storage,
    // Payment provider keys in the database are sealed with a key derived from FILES_KEY (never stored).
    secretsKey: deriveKey(filesKey, 'tenant-settings'),
    cookieSecret: loadOrCreateSecret(config.dataDir, 'cookie', config.COOKIE_SECRET),
    logger: true,
  });
  // Other instances may change tenants (settings, suspension): re-read the list every 30 s.
  app.tenants.startAutoRefresh();
  const worker = new Worker({
    db: database.db,
    clock,
    mailer,
    mailFrom: config.MAIL_FROM,
    handlers: jobHandlers(config),
    onError: (err) => app.log.error({ err }, 'worker pass failed'),
  });

  // A deep accept queue: a burst of connections (a login storm) waits in the kernel instead of being
  // dropped and retried by the clients seconds later (Node's default backlog is 511).
  await app.listen({ port: config.PORT, host: config.HOST, backlog: 4096 });
  worker.start();
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  const lines = [
    '',
    `Maisonnée est prêt sur ${url} (${database.kind}, démarré en ${Date.now() - started} ms)`,
    `  Portail de démonstration : ${url}/demo/`,
  ];
  if (demo) {
    lines.push('  Comptes de démonstration :');
    for (const l of demo.logins) lines.push(`    ${l.role.padEnd(22)} ${l.email.padEnd(22)} ${l.password}`);
  }
  if (mailer.kind === 'files') lines.push(`  Courriels de test : ${url}/_dev/mail`);
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await worker.stop();
    mailer.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

await main();
