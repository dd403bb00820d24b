ALTER TABLE "children" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "guardians" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "children_external_ref" ON "children" USING btree ("tenant_id","external_ref") WHERE "children"."external_ref" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "guardians_external_ref" ON "guardians" USING btree ("tenant_id","external_ref") WHERE "guardians"."external_ref" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "households_external_ref" ON "households" USING btree ("tenant_id","external_ref") WHERE "households"."external_ref" is not null;--> statement-breakpoint
-- Staff search (hand-written): trigram indexes on folded names, e-mails and phone digits.
-- PGlite loads pg_trgm from @electric-sql/pglite/contrib (see src/platform/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Lower case without French accents. translate() is immutable, unlike unaccent(), so it can be indexed.
-- Keep in step with src/features/backoffice/domain/search.ts (fold).
CREATE OR REPLACE FUNCTION mn_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT translate(lower($1), 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy') $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION mn_digits(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace($1, '[^0-9]', '', 'g') $$;--> statement-breakpoint
CREATE INDEX "households_search_name" ON "households" USING gin (mn_fold("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "households_search_email" ON "households" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "households_search_phone" ON "households" USING gin ((mn_digits("phone") || ' ' || mn_digits("phone2")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "guardians_search_name" ON "guardians" USING gin (mn_fold("first_name" || ' ' || "last_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "guardians_search_email" ON "guardians" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "guardians_search_phone" ON "guardians" USING gin ((mn_digits("mobile_phone") || ' ' || mn_digits("home_phone") || ' ' || mn_digits("work_phone")) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "children_search_name" ON "children" USING gin (mn_fold("first_name" || ' ' || "last_name") gin_trgm_ops);
