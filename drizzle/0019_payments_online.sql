CREATE TABLE "payment_simulations" (
	"tenant_id" uuid NOT NULL,
	"ref" text PRIMARY KEY NOT NULL,
	"amount_cents" integer NOT NULL,
	"label" text NOT NULL,
	"status" text DEFAULT 'WAITING' NOT NULL,
	"notify_mode" text DEFAULT 'now' NOT NULL,
	"notify_url" text NOT NULL,
	"return_url" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "payment_simulations_status" CHECK ("payment_simulations"."status" in ('WAITING','PAID','DENIED','CANCELLED')),
	CONSTRAINT "payment_simulations_mode" CHECK ("payment_simulations"."notify_mode" in ('now','late','twice','never')),
	CONSTRAINT "payment_simulations_amount" CHECK ("payment_simulations"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "systempay_trans_counters" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "systempay_trans_counters_tenant_id_day_pk" PRIMARY KEY("tenant_id","day"),
	CONSTRAINT "systempay_trans_counters_range" CHECK ("systempay_trans_counters"."last_value" between 1 and 899999)
);
--> statement-breakpoint
ALTER TABLE "number_sequences" DROP CONSTRAINT "number_sequences_series";--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "payfip_mode" text DEFAULT 'T' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_simulations" ADD CONSTRAINT "payment_simulations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "systempay_trans_counters" ADD CONSTRAINT "systempay_trans_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_sequences" ADD CONSTRAINT "number_sequences_series" CHECK ("number_sequences"."series" in ('invoice','credit_note','receipt'));--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_payfip_mode" CHECK ("tenant_settings"."payfip_mode" in ('T','X','W'));