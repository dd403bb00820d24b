CREATE TABLE "attendance_actions" (
	"tenant_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"child_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"client_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"user_id" uuid NOT NULL,
	"result" text NOT NULL,
	"reason" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "attendance_actions_tenant_id_action_id_pk" PRIMARY KEY("tenant_id","action_id"),
	CONSTRAINT "attendance_actions_result" CHECK ("attendance_actions"."result" in ('applied','rejected'))
);
--> statement-breakpoint
CREATE TABLE "attendance_marks" (
	"tenant_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"day" date NOT NULL,
	"activity_id" uuid NOT NULL,
	"state" text,
	"arrived_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"unbooked" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state_at" timestamp with time zone,
	"note_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "attendance_marks_tenant_id_child_id_day_unit_id_pk" PRIMARY KEY("tenant_id","child_id","day","unit_id"),
	CONSTRAINT "attendance_marks_state" CHECK ("attendance_marks"."state" is null or "attendance_marks"."state" in ('present','absent')),
	CONSTRAINT "attendance_marks_left" CHECK ("attendance_marks"."left_at" is null or "attendance_marks"."arrived_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "attendance_actions" ADD CONSTRAINT "attendance_actions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_actions_cell" ON "attendance_actions" USING btree ("tenant_id","unit_id","day");--> statement-breakpoint
CREATE INDEX "attendance_marks_unit_day" ON "attendance_marks" USING btree ("tenant_id","unit_id","day");--> statement-breakpoint
CREATE INDEX "attendance_marks_day" ON "attendance_marks" USING btree ("tenant_id","day");