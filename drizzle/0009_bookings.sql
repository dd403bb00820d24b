CREATE TABLE "allocation_runs" (
	"tenant_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"seed" text NOT NULL,
	"criteria" text[] NOT NULL,
	"mode" text NOT NULL,
	"result" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	CONSTRAINT "allocation_runs_tenant_id_period_id_pk" PRIMARY KEY("tenant_id","period_id")
);
--> statement-breakpoint
CREATE TABLE "booking_baskets" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "booking_capacity" (
	"tenant_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"group_key" text DEFAULT '' NOT NULL,
	"capacity" integer NOT NULL,
	"remaining" integer NOT NULL,
	CONSTRAINT "booking_capacity_tenant_id_unit_id_day_group_key_pk" PRIMARY KEY("tenant_id","unit_id","day","group_key"),
	CONSTRAINT "booking_capacity_bounds" CHECK ("booking_capacity"."remaining" >= 0 and "booking_capacity"."remaining" <= "booking_capacity"."capacity")
);
--> statement-breakpoint
CREATE TABLE "booking_reminders" (
	"tenant_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "booking_reminders_tenant_id_period_id_household_id_pk" PRIMARY KEY("tenant_id","period_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "booking_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"waiting_list" boolean DEFAULT true NOT NULL,
	"reminder_days" integer DEFAULT 7 NOT NULL,
	"priority_criteria" text[] DEFAULT '{resident,working-parents,sibling-placed}'::text[] NOT NULL,
	"allocation_mode" text DEFAULT 'week' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "booking_submissions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"household_id" uuid NOT NULL,
	"request_number" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"group_key" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"kind" text DEFAULT 'booking' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"submission_id" uuid,
	"reason" text,
	"late_cancellation" boolean DEFAULT false NOT NULL,
	"by_staff" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "bookings_status" CHECK ("bookings"."status" in ('confirmed','requested','cancel-requested','waiting','refused','cancelled')),
	CONSTRAINT "bookings_kind" CHECK ("bookings"."kind" in ('booking','wish'))
);
--> statement-breakpoint
CREATE TABLE "ical_feeds" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "request_counters" (
	"tenant_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "request_counters_tenant_id_year_pk" PRIMARY KEY("tenant_id","year")
);
--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_runs" ADD CONSTRAINT "allocation_runs_period_id_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_baskets" ADD CONSTRAINT "booking_baskets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_baskets" ADD CONSTRAINT "booking_baskets_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_capacity" ADD CONSTRAINT "booking_capacity_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_capacity" ADD CONSTRAINT "booking_capacity_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_reminders" ADD CONSTRAINT "booking_reminders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_reminders" ADD CONSTRAINT "booking_reminders_period_id_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_reminders" ADD CONSTRAINT "booking_reminders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_settings" ADD CONSTRAINT "booking_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_submissions" ADD CONSTRAINT "booking_submissions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_submissions" ADD CONSTRAINT "booking_submissions_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_period_id_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ical_feeds" ADD CONSTRAINT "ical_feeds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ical_feeds" ADD CONSTRAINT "ical_feeds_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_counters" ADD CONSTRAINT "request_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_baskets_open" ON "booking_baskets" USING btree ("tenant_id","household_id") WHERE "booking_baskets"."submitted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_submissions_key" ON "booking_submissions" USING btree ("tenant_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "booking_submissions_household" ON "booking_submissions" USING btree ("tenant_id","household_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_submissions_number" ON "booking_submissions" USING btree ("tenant_id","request_number");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_live_cell" ON "bookings" USING btree ("tenant_id","child_id","day","unit_id") WHERE "bookings"."status" in ('confirmed','requested','cancel-requested','waiting');--> statement-breakpoint
CREATE INDEX "bookings_cell" ON "bookings" USING btree ("tenant_id","unit_id","day","status");--> statement-breakpoint
CREATE INDEX "bookings_household_day" ON "bookings" USING btree ("tenant_id","household_id","day");--> statement-breakpoint
CREATE INDEX "bookings_child_day" ON "bookings" USING btree ("tenant_id","child_id","day");--> statement-breakpoint
CREATE INDEX "bookings_pending" ON "bookings" USING btree ("tenant_id","status","day") WHERE "bookings"."status" in ('requested','cancel-requested','waiting');--> statement-breakpoint
CREATE UNIQUE INDEX "ical_feeds_token" ON "ical_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "ical_feeds_household" ON "ical_feeds" USING btree ("tenant_id","household_id");