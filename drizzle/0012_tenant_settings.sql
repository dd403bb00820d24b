CREATE TABLE "tenant_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"rules_text" text DEFAULT '' NOT NULL,
	"a11y_statement" text DEFAULT '' NOT NULL,
	"sepa_creditor_id" text,
	"invoice_prefix" text DEFAULT '' NOT NULL,
	"payment_provider" text DEFAULT 'simulator' NOT NULL,
	"payfip_numcli" text,
	"systempay_site_id" text,
	"systempay_key_sealed" text,
	"systempay_key_set_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenant_settings_provider" CHECK ("tenant_settings"."payment_provider" in ('simulator','payfip','systempay')),
	CONSTRAINT "tenant_settings_ics" CHECK ("tenant_settings"."sepa_creditor_id" is null or "tenant_settings"."sepa_creditor_id" ~ '^FR[0-9]{2}[A-Z0-9]{3}[0-9]{6}$'),
	CONSTRAINT "tenant_settings_prefix" CHECK ("tenant_settings"."invoice_prefix" ~ '^[A-Z0-9-]{0,12}$'),
	CONSTRAINT "tenant_settings_numcli" CHECK ("tenant_settings"."payfip_numcli" is null or "tenant_settings"."payfip_numcli" ~ '^[0-9]{6}$'),
	CONSTRAINT "tenant_settings_site" CHECK ("tenant_settings"."systempay_site_id" is null or "tenant_settings"."systempay_site_id" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "a11y_status" text DEFAULT 'partiel' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_a11y_status" CHECK ("tenants"."a11y_status" in ('non','partiel','total'));