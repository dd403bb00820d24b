// Every table of the application, for Drizzle's relational queries and for the migrator.
export * from '../../features/accounts/accounts.schema';
export * from '../../features/attendance/attendance.schema';
export * from '../../features/bookings/bookings.schema';
export * from '../../features/catalogue/catalogue.schema';
export * from '../../features/documents/documents.schema';
export * from '../../features/enrollments/enrollments.schema';
export * from '../../features/households/households.schema';
export * from '../../features/messaging/messaging.schema';
export * from '../../features/news/news.schema';
export * from '../../features/requests/requests.schema';
export * from '../../features/signup/signup.schema';
export * from '../../features/tenants/tenants.schema';
export * from '../audit/audit.schema';
export * from '../calendar/calendar.schema';
export * from '../http/sessions.schema';
export * from '../jobs/jobs.schema';
export * from '../mail/mail.schema';
