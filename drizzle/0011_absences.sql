CREATE TABLE "absence_declarations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"reason" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"refusal_reason" text,
	"certificate_key" text,
	"certificate_name" text,
	"certificate_kind" text,
	"certificate_size" integer,
	"form_token" uuid NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	"declared_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by_user_id" uuid,
	CONSTRAINT "absence_declarations_certificate_key_unique" UNIQUE("certificate_key"),
	CONSTRAINT "absence_declarations_range" CHECK ("absence_declarations"."last_day" >= "absence_declarations"."first_day" and "absence_declarations"."last_day" - "absence_declarations"."first_day" <= 92),
	CONSTRAINT "absence_declarations_reason" CHECK ("absence_declarations"."reason" in ('maladie','rendez_vous_medical','raison_familiale','autre')),
	CONSTRAINT "absence_declarations_status" CHECK ("absence_declarations"."status" in ('pending','accepted','refused')),
	CONSTRAINT "absence_declarations_refusal" CHECK ("absence_declarations"."status" <> 'refused' or "absence_declarations"."refusal_reason" is not null),
	CONSTRAINT "absence_declarations_certificate" CHECK (("absence_declarations"."certificate_key" is null) = ("absence_declarations"."certificate_kind" is null) and ("absence_declarations"."certificate_kind" is null or "absence_declarations"."certificate_kind" in ('pdf','jpeg','png','heic')))
);
--> statement-breakpoint
CREATE TABLE "absence_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"limit_hours" integer DEFAULT 48 NOT NULL,
	"limit_kind" text DEFAULT 'working' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_user_id" uuid,
	CONSTRAINT "absence_settings_hours" CHECK ("absence_settings"."limit_hours" between 1 and 720),
	CONSTRAINT "absence_settings_kind" CHECK ("absence_settings"."limit_kind" in ('working','calendar'))
);
--> statement-breakpoint
ALTER TABLE "absence_declarations" ADD CONSTRAINT "absence_declarations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_declarations" ADD CONSTRAINT "absence_declarations_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_declarations" ADD CONSTRAINT "absence_declarations_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_declarations" ADD CONSTRAINT "absence_declarations_declared_by_user_id_platform_users_id_fk" FOREIGN KEY ("declared_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_declarations" ADD CONSTRAINT "absence_declarations_decided_by_user_id_platform_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_settings" ADD CONSTRAINT "absence_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "absence_settings" ADD CONSTRAINT "absence_settings_updated_by_user_id_platform_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "absence_declarations_form_token" ON "absence_declarations" USING btree ("tenant_id","household_id","form_token");--> statement-breakpoint
CREATE INDEX "absence_declarations_household" ON "absence_declarations" USING btree ("tenant_id","household_id","first_day");--> statement-breakpoint
CREATE INDEX "absence_declarations_child_days" ON "absence_declarations" USING btree ("tenant_id","child_id","first_day","last_day");--> statement-breakpoint
CREATE INDEX "absence_declarations_pending" ON "absence_declarations" USING btree ("tenant_id","declared_at") WHERE "absence_declarations"."status" = 'pending';--> statement-breakpoint
-- Hand-written: one row per declared day, for the outcome of booked days (joined on tenant_id, child_id, day).
-- Declared in absences.schema.ts with pgView(...).existing(), so drizzle-kit does not manage it.
CREATE VIEW "absence_days" AS
  SELECT d."tenant_id", d."id" AS "declaration_id", d."household_id", d."child_id",
         g."day"::date AS "day", d."status"
  FROM "absence_declarations" d
  CROSS JOIN LATERAL generate_series(d."first_day"::timestamp, d."last_day"::timestamp, interval '1 day') AS g("day");
