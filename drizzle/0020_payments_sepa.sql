CREATE TABLE "dunning_notices" (
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dunning_notices_invoice_id_level_pk" PRIMARY KEY("invoice_id","level")
);
--> statement-breakpoint
CREATE TABLE "dunning_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"delays" integer[] NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_user_id" uuid,
	CONSTRAINT "dunning_settings_delays" CHECK (cardinality("dunning_settings"."delays") between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "sepa_collection_items" (
	"tenant_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"mandate_id" uuid NOT NULL,
	"end_to_end_id" text NOT NULL,
	"sequence_type" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"returned" boolean DEFAULT false NOT NULL,
	"return_code" text,
	CONSTRAINT "sepa_collection_items_collection_id_invoice_id_pk" PRIMARY KEY("collection_id","invoice_id"),
	CONSTRAINT "sepa_collection_items_seq" CHECK ("sepa_collection_items"."sequence_type" in ('FRST','RCUR')),
	CONSTRAINT "sepa_collection_items_amount" CHECK ("sepa_collection_items"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "sepa_collections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"collection_date" date NOT NULL,
	"format" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"total_cents" integer NOT NULL,
	"count" integer NOT NULL,
	"form_token" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_user_id" uuid,
	"settled_at" timestamp with time zone,
	CONSTRAINT "sepa_collections_status" CHECK ("sepa_collections"."status" in ('created','settled')),
	CONSTRAINT "sepa_collections_count" CHECK ("sepa_collections"."count" > 0 and "sepa_collections"."total_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "sepa_mandate_requests" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"account_holder" text NOT NULL,
	"bank_name" text NOT NULL,
	"bic" text,
	"iban_sealed" text NOT NULL,
	"iban_masked" text NOT NULL,
	"document_key" text NOT NULL,
	"document_name" text NOT NULL,
	"document_kind" text NOT NULL,
	"document_size" integer NOT NULL,
	"accepted_text" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decision_comment" text,
	"form_token" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by_user_id" uuid,
	"mandate_id" uuid,
	CONSTRAINT "sepa_mandate_requests_document_key_unique" UNIQUE("document_key"),
	CONSTRAINT "sepa_mandate_requests_kind" CHECK ("sepa_mandate_requests"."kind" in ('new','amendment')),
	CONSTRAINT "sepa_mandate_requests_status" CHECK ("sepa_mandate_requests"."status" in ('pending','accepted','refused','withdrawn')),
	CONSTRAINT "sepa_mandate_requests_refusal" CHECK ("sepa_mandate_requests"."status" <> 'refused' or "sepa_mandate_requests"."decision_comment" is not null)
);
--> statement-breakpoint
CREATE TABLE "sepa_mandates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"rum" text NOT NULL,
	"account_holder" text NOT NULL,
	"bank_name" text NOT NULL,
	"bic" text,
	"iban_sealed" text NOT NULL,
	"iban_masked" text NOT NULL,
	"signed_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"needs_first" boolean DEFAULT true NOT NULL,
	"amendments" integer DEFAULT 0 NOT NULL,
	"amended_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "sepa_mandates_status" CHECK ("sepa_mandates"."status" in ('active','revoked')),
	CONSTRAINT "sepa_mandates_rum_len" CHECK (length("sepa_mandates"."rum") between 1 and 35)
);
--> statement-breakpoint
CREATE TABLE "sepa_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"format" text DEFAULT 'pain.008.001.02' NOT NULL,
	"creditor_name" text NOT NULL,
	"creditor_iban" text NOT NULL,
	"creditor_bic" text,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by_user_id" uuid,
	CONSTRAINT "sepa_settings_format" CHECK ("sepa_settings"."format" in ('pain.008.001.02','pain.008.001.08')),
	CONSTRAINT "sepa_settings_name" CHECK (length("sepa_settings"."creditor_name") between 1 and 70)
);
--> statement-breakpoint
ALTER TABLE "dunning_notices" ADD CONSTRAINT "dunning_notices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_notices" ADD CONSTRAINT "dunning_notices_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_settings" ADD CONSTRAINT "dunning_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_settings" ADD CONSTRAINT "dunning_settings_updated_by_user_id_platform_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collection_items" ADD CONSTRAINT "sepa_collection_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collection_items" ADD CONSTRAINT "sepa_collection_items_collection_id_sepa_collections_id_fk" FOREIGN KEY ("collection_id") REFERENCES "public"."sepa_collections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collection_items" ADD CONSTRAINT "sepa_collection_items_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collection_items" ADD CONSTRAINT "sepa_collection_items_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collection_items" ADD CONSTRAINT "sepa_collection_items_mandate_id_sepa_mandates_id_fk" FOREIGN KEY ("mandate_id") REFERENCES "public"."sepa_mandates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collections" ADD CONSTRAINT "sepa_collections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_collections" ADD CONSTRAINT "sepa_collections_created_by_user_id_platform_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandate_requests" ADD CONSTRAINT "sepa_mandate_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandate_requests" ADD CONSTRAINT "sepa_mandate_requests_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandate_requests" ADD CONSTRAINT "sepa_mandate_requests_submitted_by_user_id_platform_users_id_fk" FOREIGN KEY ("submitted_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandate_requests" ADD CONSTRAINT "sepa_mandate_requests_decided_by_user_id_platform_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandates" ADD CONSTRAINT "sepa_mandates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_mandates" ADD CONSTRAINT "sepa_mandates_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_settings" ADD CONSTRAINT "sepa_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_settings" ADD CONSTRAINT "sepa_settings_updated_by_user_id_platform_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."platform_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dunning_notices_tenant" ON "dunning_notices" USING btree ("tenant_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_collection_items_payment" ON "sepa_collection_items" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_collection_items_e2e" ON "sepa_collection_items" USING btree ("tenant_id","end_to_end_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_collection_items_live_invoice" ON "sepa_collection_items" USING btree ("tenant_id","invoice_id") WHERE not "sepa_collection_items"."returned";--> statement-breakpoint
CREATE INDEX "sepa_collection_items_mandate" ON "sepa_collection_items" USING btree ("tenant_id","mandate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_collections_msg" ON "sepa_collections" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_collections_token" ON "sepa_collections" USING btree ("tenant_id","form_token");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandate_requests_token" ON "sepa_mandate_requests" USING btree ("tenant_id","household_id","form_token");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandate_requests_pending" ON "sepa_mandate_requests" USING btree ("tenant_id","household_id") WHERE "sepa_mandate_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "sepa_mandate_requests_queue" ON "sepa_mandate_requests" USING btree ("tenant_id","submitted_at") WHERE "sepa_mandate_requests"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandates_rum" ON "sepa_mandates" USING btree ("tenant_id","rum");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandates_active" ON "sepa_mandates" USING btree ("tenant_id","household_id") WHERE "sepa_mandates"."status" = 'active';