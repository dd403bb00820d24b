CREATE TABLE "billing_run_adjustments" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"action" text NOT NULL,
	"amount_cents" integer,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_user_id" uuid,
	CONSTRAINT "billing_run_adjustments_tenant_id_run_id_household_id_child_id_unit_id_kind_pk" PRIMARY KEY("tenant_id","run_id","household_id","child_id","unit_id","kind"),
	CONSTRAINT "billing_run_adjustments_kind" CHECK ("billing_run_adjustments"."kind" in ('service','surcharge')),
	CONSTRAINT "billing_run_adjustments_action" CHECK (("billing_run_adjustments"."action" = 'exclude' and "billing_run_adjustments"."amount_cents" is null) or ("billing_run_adjustments"."action" = 'amount' and "billing_run_adjustments"."amount_cents" >= 0)),
	CONSTRAINT "billing_run_adjustments_reason" CHECK (length(trim("billing_run_adjustments"."reason")) between 3 and 500)
);
--> statement-breakpoint
CREATE TABLE "billing_run_households" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"household_name" text NOT NULL,
	"computed_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	"line_count" integer NOT NULL,
	"invoice_id" uuid,
	CONSTRAINT "billing_run_households_tenant_id_run_id_household_id_pk" PRIMARY KEY("tenant_id","run_id","household_id"),
	CONSTRAINT "billing_run_households_total" CHECK ("billing_run_households"."total_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "billing_run_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"child_name" text NOT NULL,
	"child_birth_date" date,
	"activity_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"days" date[] NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"amount_cents" integer NOT NULL,
	"pricing_note" text NOT NULL,
	"tax_eligible" boolean NOT NULL,
	CONSTRAINT "billing_run_lines_kind" CHECK ("billing_run_lines"."kind" in ('service','surcharge')),
	CONSTRAINT "billing_run_lines_amount" CHECK ("billing_run_lines"."amount_cents" >= 0 and "billing_run_lines"."quantity" >= 1)
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"households_total" integer DEFAULT 0 NOT NULL,
	"households_done" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone,
	"issued_on" date,
	"due_on" date,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid,
	"issue_started_at" timestamp with time zone,
	"issue_started_by_user_id" uuid,
	"issued_at" timestamp with time zone,
	CONSTRAINT "billing_runs_status" CHECK ("billing_runs"."status" in ('draft','issuing','issued')),
	CONSTRAINT "billing_runs_progress" CHECK ("billing_runs"."households_done" between 0 and "billing_runs"."households_total"),
	CONSTRAINT "billing_runs_period" CHECK ("billing_runs"."period_end" >= "billing_runs"."period_start"),
	CONSTRAINT "billing_runs_dates" CHECK ("billing_runs"."status" = 'draft' or ("billing_runs"."issued_on" is not null and "billing_runs"."due_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "billing_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"payment_delay_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_settings_delay" CHECK ("billing_settings"."payment_delay_days" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "tariff_versions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"mode" text NOT NULL,
	"rule" jsonb NOT NULL,
	"tax_eligible" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid,
	CONSTRAINT "tariff_versions_mode" CHECK ("tariff_versions"."mode" in ('flat','brackets','effort'))
);
--> statement-breakpoint
ALTER TABLE "billing_run_adjustments" ADD CONSTRAINT "billing_run_adjustments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_adjustments" ADD CONSTRAINT "billing_run_adjustments_run_id_billing_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."billing_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_adjustments" ADD CONSTRAINT "billing_run_adjustments_updated_by_user_id_platform_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_households" ADD CONSTRAINT "billing_run_households_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_households" ADD CONSTRAINT "billing_run_households_run_id_billing_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."billing_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_households" ADD CONSTRAINT "billing_run_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_households" ADD CONSTRAINT "billing_run_households_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_lines" ADD CONSTRAINT "billing_run_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_lines" ADD CONSTRAINT "billing_run_lines_run_id_billing_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."billing_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_created_by_user_id_platform_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_issue_started_by_user_id_platform_users_id_fk" FOREIGN KEY ("issue_started_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_versions" ADD CONSTRAINT "tariff_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_versions" ADD CONSTRAINT "tariff_versions_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_versions" ADD CONSTRAINT "tariff_versions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariff_versions" ADD CONSTRAINT "tariff_versions_created_by_user_id_platform_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_run_households_name" ON "billing_run_households" USING btree ("tenant_id","run_id","household_name");--> statement-breakpoint
CREATE INDEX "billing_run_lines_household" ON "billing_run_lines" USING btree ("tenant_id","run_id","household_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_runs_month" ON "billing_runs" USING btree ("tenant_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "tariff_versions_unit_from" ON "tariff_versions" USING btree ("tenant_id","unit_id","valid_from");--> statement-breakpoint
CREATE INDEX "tariff_versions_activity" ON "tariff_versions" USING btree ("tenant_id","activity_id");