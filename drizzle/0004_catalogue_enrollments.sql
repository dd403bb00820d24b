CREATE TABLE "activity_groups" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"name" text NOT NULL,
	"min_age" integer,
	"max_age" integer,
	"min_level" integer,
	"max_level" integer,
	"capacity" integer NOT NULL,
	CONSTRAINT "activity_groups_capacity" CHECK ("activity_groups"."capacity" >= 0),
	CONSTRAINT "activity_groups_age" CHECK ("activity_groups"."min_age" is null or "activity_groups"."max_age" is null or "activity_groups"."max_age" >= "activity_groups"."min_age")
);
--> statement-breakpoint
CREATE TABLE "unit_calendar_exceptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	CONSTRAINT "unit_calendar_exceptions_day" UNIQUE("tenant_id","unit_id","day"),
	CONSTRAINT "unit_calendar_exceptions_kind" CHECK ("unit_calendar_exceptions"."kind" in ('closed','open'))
);
--> statement-breakpoint
CREATE TABLE "unit_capacities" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"group_id" uuid,
	"day" date,
	"capacity" integer NOT NULL,
	CONSTRAINT "unit_capacities_key" UNIQUE NULLS NOT DISTINCT("tenant_id","unit_id","group_id","day"),
	CONSTRAINT "unit_capacities_positive" CHECK ("unit_capacities"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "units" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"incompatible_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"required_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"weekdays" integer[] DEFAULT '{3}'::integer[] NOT NULL,
	"day_type" text DEFAULT 'both' NOT NULL,
	"open_on_public_holidays" boolean DEFAULT false NOT NULL,
	"capacity" integer,
	"booking_deadline" jsonb,
	"cancel_deadline" jsonb,
	CONSTRAINT "units_kind" CHECK ("units"."kind" in ('day','half_day','meal','time_slot')),
	CONSTRAINT "units_day_type" CHECK ("units"."day_type" in ('school_days','school_holidays','both')),
	CONSTRAINT "units_times" CHECK ("units"."start_time" ~ '^[0-2][0-9]:[0-5][0-9]$' and "units"."end_time" > "units"."start_time"),
	CONSTRAINT "units_capacity" CHECK ("units"."capacity" is null or "units"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"group_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"memo" text DEFAULT '' NOT NULL,
	"typical_week" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"refusal_reason" text,
	"waiting_since" timestamp with time zone,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "enrollments_status" CHECK ("enrollments"."status" in ('pending','accepted','refused','waiting')),
	CONSTRAINT "enrollments_waiting" CHECK (("enrollments"."status" = 'waiting') = ("enrollments"."waiting_since" is not null)),
	CONSTRAINT "enrollments_accepted_group" CHECK ("enrollments"."status" <> 'refused' or "enrollments"."refusal_reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "enrollment_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "enrollment_validation" text DEFAULT 'staff' NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "booking_validation" text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "late_change_policy" text DEFAULT 'refuse' NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "required_documents" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "booking_deadline" jsonb;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "cancel_deadline" jsonb;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "enrollment_first_day" date;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "enrollment_last_day" date;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "booking_first_day" date;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "booking_last_day" date;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "allocation_mode" text DEFAULT 'first_come' NOT NULL;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "request_window_first_day" date;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "request_window_last_day" date;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "visible" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "frozen" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "activity_groups" ADD CONSTRAINT "activity_groups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_groups" ADD CONSTRAINT "activity_groups_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_calendar_exceptions" ADD CONSTRAINT "unit_calendar_exceptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_calendar_exceptions" ADD CONSTRAINT "unit_calendar_exceptions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_capacities" ADD CONSTRAINT "unit_capacities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_capacities" ADD CONSTRAINT "unit_capacities_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_capacities" ADD CONSTRAINT "unit_capacities_group_id_activity_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."activity_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_period_id_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_group_id_activity_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."activity_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activity_groups_activity" ON "activity_groups" USING btree ("tenant_id","activity_id");--> statement-breakpoint
CREATE INDEX "units_activity" ON "units" USING btree ("tenant_id","activity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_child_period" ON "enrollments" USING btree ("tenant_id","child_id","period_id");--> statement-breakpoint
CREATE INDEX "enrollments_household" ON "enrollments" USING btree ("tenant_id","household_id");--> statement-breakpoint
CREATE INDEX "enrollments_period_status" ON "enrollments" USING btree ("tenant_id","period_id","status");--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_enrollment_validation" CHECK ("activities"."enrollment_validation" in ('auto','staff'));--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_booking_validation" CHECK ("activities"."booking_validation" in ('auto','staff'));--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_late_change" CHECK ("activities"."late_change_policy" in ('refuse','request'));--> statement-breakpoint
ALTER TABLE "periods" ADD CONSTRAINT "periods_allocation" CHECK ("periods"."allocation_mode" in ('first_come','request_window'));--> statement-breakpoint
ALTER TABLE "periods" ADD CONSTRAINT "periods_enrollment_range" CHECK ("periods"."enrollment_first_day" is null or "periods"."enrollment_last_day" is null or "periods"."enrollment_last_day" >= "periods"."enrollment_first_day");--> statement-breakpoint
ALTER TABLE "periods" ADD CONSTRAINT "periods_request_window" CHECK ("periods"."allocation_mode" = 'first_come' or ("periods"."request_window_first_day" is not null and "periods"."request_window_last_day" >= "periods"."request_window_first_day"));