CREATE TABLE "directives" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"span_start" integer,
	"span_end" integer,
	"category" text DEFAULT 'other' NOT NULL,
	"units" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"regions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"numbers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deadline" text,
	"status" text DEFAULT 'proposed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "directives_category_check" CHECK ("directives"."category" in ('epidemic','economy','safety','governance','other')),
	CONSTRAINT "directives_status_check" CHECK ("directives"."status" in ('proposed','accepted','dropped')),
	CONSTRAINT "directives_text_not_blank" CHECK (length(btrim("directives"."text")) > 0),
	CONSTRAINT "directives_span_check" CHECK (("directives"."span_start" is null and "directives"."span_end" is null) or ("directives"."span_start" >= 0 and "directives"."span_end" > "directives"."span_start"))
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"held_on" date,
	"date_text" text,
	"published_on" date,
	"kind" text DEFAULT 'other' NOT NULL,
	"region_code" text NOT NULL,
	"venues" jsonb DEFAULT '{"main":null,"branches":[]}'::jsonb NOT NULL,
	"chair" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"speakers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"conveyed" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"original_text" text DEFAULT '' NOT NULL,
	"clean_text" text DEFAULT '' NOT NULL,
	"edits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"unreadable" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_kind_check" CHECK ("meetings"."kind" in ('video_conference','telephone_conference','standing_committee','plenary','hq_meeting','scheduling_meeting','special_meeting','other')),
	CONSTRAINT "meetings_status_check" CHECK ("meetings"."status" in ('draft','reviewed')),
	CONSTRAINT "meetings_title_not_blank" CHECK (length(btrim("meetings"."title")) > 0),
	CONSTRAINT "meetings_date_text_format" CHECK ("meetings"."date_text" ~ '^([0-9]{4}|-)-[0-9]{2}-[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "directives" ADD CONSTRAINT "directives_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directives_meeting_idx" ON "directives" USING btree ("meeting_id","seq");--> statement-breakpoint
CREATE INDEX "meetings_region_idx" ON "meetings" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "meetings_held_on_idx" ON "meetings" USING btree ("held_on");