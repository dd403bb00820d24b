CREATE TABLE "child_health" (
	"tenant_id" uuid NOT NULL,
	"child_id" uuid PRIMARY KEY NOT NULL,
	"diet" text DEFAULT '' NOT NULL,
	"allergies" text DEFAULT '' NOT NULL,
	"pai" boolean DEFAULT false NOT NULL,
	"pai_notes" text DEFAULT '' NOT NULL,
	"doctor_name" text DEFAULT '' NOT NULL,
	"doctor_phone" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "family_quotients" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"value" integer NOT NULL,
	"valid_from" date NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "family_quotients_value" CHECK ("family_quotients"."value" >= 0),
	CONSTRAINT "family_quotients_source" CHECK ("family_quotients"."source" in ('manual','document','api'))
);
--> statement-breakpoint
CREATE TABLE "household_children" (
	"tenant_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"child_id" uuid NOT NULL,
	CONSTRAINT "household_children_tenant_id_household_id_child_id_pk" PRIMARY KEY("tenant_id","household_id","child_id")
);
--> statement-breakpoint
CREATE TABLE "household_contacts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relation" text DEFAULT '' NOT NULL,
	"mobile_phone" text DEFAULT '' NOT NULL,
	"other_phone" text DEFAULT '' NOT NULL,
	"may_pick_up" boolean DEFAULT false NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"child_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_field_policies" (
	"tenant_id" uuid NOT NULL,
	"field_key" text NOT NULL,
	"mode" text NOT NULL,
	CONSTRAINT "household_field_policies_tenant_id_field_key_pk" PRIMARY KEY("tenant_id","field_key"),
	CONSTRAINT "household_field_policies_mode" CHECK ("household_field_policies"."mode" in ('direct','validated','staff_only'))
);
--> statement-breakpoint
CREATE TABLE "household_requests" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text DEFAULT '' NOT NULL,
	"subject_id" uuid,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"replaces_id" uuid,
	"staff_comment" text DEFAULT '' NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_user_id" uuid,
	CONSTRAINT "household_requests_kind" CHECK ("household_requests"."kind" in ('change','add_child','add_contact')),
	CONSTRAINT "household_requests_status" CHECK ("household_requests"."status" in ('pending','accepted','refused','replaced'))
);
--> statement-breakpoint
ALTER TABLE "children" DROP CONSTRAINT "children_household_id_households_id_fk";
--> statement-breakpoint
DROP INDEX "children_household";--> statement-breakpoint
ALTER TABLE "children" ALTER COLUMN "household_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "children" ADD COLUMN "image_rights" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "guardians" ADD COLUMN "civility" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "guardians" ADD COLUMN "home_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "guardians" ADD COLUMN "work_phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "phone2" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "qf_valid_from" date;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "qf_source" text;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "family_situation" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "professional_situation" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "paperless_invoices" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "child_health" ADD CONSTRAINT "child_health_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "child_health" ADD CONSTRAINT "child_health_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_quotients" ADD CONSTRAINT "family_quotients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_quotients" ADD CONSTRAINT "family_quotients_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_children" ADD CONSTRAINT "household_children_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_children" ADD CONSTRAINT "household_children_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_children" ADD CONSTRAINT "household_children_child_id_children_id_fk" FOREIGN KEY ("child_id") REFERENCES "public"."children"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_contacts" ADD CONSTRAINT "household_contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_contacts" ADD CONSTRAINT "household_contacts_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_field_policies" ADD CONSTRAINT "household_field_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_requests" ADD CONSTRAINT "household_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_requests" ADD CONSTRAINT "household_requests_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "child_health_tenant_child" ON "child_health" USING btree ("tenant_id","child_id");--> statement-breakpoint
CREATE UNIQUE INDEX "family_quotients_household_from" ON "family_quotients" USING btree ("tenant_id","household_id","valid_from");--> statement-breakpoint
CREATE INDEX "household_children_child" ON "household_children" USING btree ("tenant_id","child_id");--> statement-breakpoint
CREATE INDEX "household_contacts_household" ON "household_contacts" USING btree ("tenant_id","household_id");--> statement-breakpoint
CREATE INDEX "household_requests_household" ON "household_requests" USING btree ("tenant_id","household_id","created_at");--> statement-breakpoint
CREATE INDEX "household_requests_pending" ON "household_requests" USING btree ("tenant_id","created_at") WHERE "household_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "children_tenant" ON "children" USING btree ("tenant_id");--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_qf_source" CHECK ("households"."qf_source" is null or "households"."qf_source" in ('manual','document','api'));--> statement-breakpoint
-- Hand-written: children.household_id → household_children (the new source of truth), before the column goes.
INSERT INTO "household_children" ("tenant_id", "household_id", "child_id") SELECT "tenant_id", "household_id", "id" FROM "children" WHERE "household_id" IS NOT NULL ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Hand-written: the household's current QF becomes the first row of its history.
INSERT INTO "family_quotients" ("tenant_id", "household_id", "value", "valid_from", "source") SELECT "tenant_id", "id", "family_quotient", COALESCE("qf_valid_from", CURRENT_DATE), 'manual' FROM "households" WHERE "family_quotient" IS NOT NULL ON CONFLICT DO NOTHING;
