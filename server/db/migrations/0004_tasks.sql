CREATE TABLE "supervision_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"yellow_days" integer DEFAULT 3 NOT NULL,
	"list_after_days_overdue" integer DEFAULT 3 NOT NULL,
	"weights" jsonb,
	"red_list_size" integer DEFAULT 3 NOT NULL,
	"black_list_size" integer DEFAULT 3 NOT NULL,
	"red_min_score" real DEFAULT 90 NOT NULL,
	"black_below_score" real DEFAULT 60 NOT NULL,
	"notice_year" integer,
	"notice_serial" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_settings_single_row" CHECK ("supervision_settings"."id" = 1),
	CONSTRAINT "supervision_settings_yellow_days" CHECK ("supervision_settings"."yellow_days" between 0 and 30),
	CONSTRAINT "supervision_settings_list_after" CHECK ("supervision_settings"."list_after_days_overdue" between 0 and 365)
);
--> statement-breakpoint
CREATE TABLE "task_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer,
	"deadline_at" timestamp with time zone DEFAULT 'infinity'::timestamptz NOT NULL,
	"signed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"declined_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_assignments_task_unit_unique" UNIQUE("task_id","unit_id"),
	CONSTRAINT "task_assignments_role_check" CHECK ("task_assignments"."role" in ('lead','co')),
	CONSTRAINT "task_assignments_status_check" CHECK ("task_assignments"."status" in ('draft','assigned','signed','in_progress','submitted','returned','declined','done','cancelled')),
	CONSTRAINT "task_assignments_progress_range" CHECK ("task_assignments"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "task_attachments" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"report_id" integer,
	"unit_id" integer,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_directives" (
	"task_id" integer NOT NULL,
	"directive_id" integer NOT NULL,
	CONSTRAINT "task_directives_task_id_directive_id_pk" PRIMARY KEY("task_id","directive_id")
);
--> statement-breakpoint
CREATE TABLE "task_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"period_start" date,
	"note" text,
	"progress" integer,
	"figures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_by_username" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_reports_progress_range" CHECK ("task_reports"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"responsibility" text DEFAULT 'territorial' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"acceptance" text,
	"region_code" text NOT NULL,
	"lead_unit_id" integer NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone,
	"original_due_at" timestamp with time zone,
	"cadence" jsonb,
	"ends_on" date,
	"next_report_due_at" timestamp with time zone,
	"deadline_at" timestamp with time zone GENERATED ALWAYS AS (coalesce(least(due_at, next_report_due_at), 'infinity'::timestamptz)) STORED NOT NULL,
	"was_late" boolean DEFAULT false NOT NULL,
	"pending_extension_due_at" timestamp with time zone,
	"pending_extension_note" text,
	"listed" boolean DEFAULT false NOT NULL,
	"listed_at" timestamp with time zone,
	"supervisor_id" integer,
	"notice_number" text,
	"escalated_region_code" text,
	"reminders" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"progress" integer,
	"parent_id" integer,
	"meeting_id" integer,
	"assigned_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" in ('draft','assigned','signed','in_progress','submitted','returned','declined','done','cancelled')),
	CONSTRAINT "tasks_category_check" CHECK ("tasks"."category" in ('epidemic','economy','safety','governance','other')),
	CONSTRAINT "tasks_responsibility_check" CHECK ("tasks"."responsibility" in ('territorial','functional','principal')),
	CONSTRAINT "tasks_priority_check" CHECK ("tasks"."priority" in ('normal','high','urgent')),
	CONSTRAINT "tasks_title_not_blank" CHECK (length(btrim("tasks"."title")) > 0),
	CONSTRAINT "tasks_due_or_cadence" CHECK (not ("tasks"."due_at" is not null and "tasks"."cadence" is not null)),
	CONSTRAINT "tasks_progress_range" CHECK ("tasks"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "record_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_kind" text NOT NULL,
	"record_id" integer NOT NULL,
	"event" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_id" integer,
	"actor_username" text NOT NULL,
	"actor_display_name" text NOT NULL,
	"unit_id" integer,
	"note" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_report_id_task_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."task_reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_directives" ADD CONSTRAINT "task_directives_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_directives" ADD CONSTRAINT "task_directives_directive_id_directives_id_fk" FOREIGN KEY ("directive_id") REFERENCES "public"."directives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_escalated_region_code_regions_code_fk" FOREIGN KEY ("escalated_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_parent_id_tasks_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_events" ADD CONSTRAINT "record_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_assignments_unit_deadline_idx" ON "task_assignments" USING btree ("unit_id","deadline_at","task_id") WHERE "task_assignments"."status" <> 'draft';--> statement-breakpoint
CREATE INDEX "task_assignments_unit_open_idx" ON "task_assignments" USING btree ("unit_id","deadline_at","task_id") WHERE "task_assignments"."status" not in ('draft','done','cancelled');--> statement-breakpoint
CREATE INDEX "task_assignments_unit_task_open_idx" ON "task_assignments" USING btree ("unit_id","task_id") WHERE "task_assignments"."status" not in ('draft','done','cancelled');--> statement-breakpoint
CREATE INDEX "task_attachments_task_idx" ON "task_attachments" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "task_directives_directive_idx" ON "task_directives" USING btree ("directive_id");--> statement-breakpoint
CREATE INDEX "task_reports_task_idx" ON "task_reports" USING btree ("task_id","id");--> statement-breakpoint
CREATE INDEX "task_reports_period_idx" ON "task_reports" USING btree ("task_id","unit_id","period_start");--> statement-breakpoint
CREATE INDEX "tasks_region_deadline_idx" ON "tasks" USING btree ("region_code" text_pattern_ops,"deadline_at","id","status");--> statement-breakpoint
CREATE INDEX "tasks_region_created_idx" ON "tasks" USING btree ("region_code" text_pattern_ops,"created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX "tasks_deadline_idx" ON "tasks" USING btree ("deadline_at","id","region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "tasks_deadline_open_idx" ON "tasks" USING btree ("deadline_at","id","region_code" text_pattern_ops,"status") WHERE "tasks"."status" not in ('done','cancelled');--> statement-breakpoint
CREATE INDEX "tasks_open_id_idx" ON "tasks" USING btree ("id","deadline_at","region_code","status") WHERE "tasks"."status" not in ('done','cancelled');--> statement-breakpoint
CREATE INDEX "tasks_meeting_idx" ON "tasks" USING btree ("meeting_id") WHERE "tasks"."meeting_id" is not null;--> statement-breakpoint
CREATE INDEX "tasks_parent_idx" ON "tasks" USING btree ("parent_id") WHERE "tasks"."parent_id" is not null;--> statement-breakpoint
CREATE INDEX "record_events_record_idx" ON "record_events" USING btree ("record_kind","record_id","id");--> statement-breakpoint
CREATE INDEX "record_events_event_at_idx" ON "record_events" USING btree ("record_kind","event","at");--> statement-breakpoint
CREATE INDEX "record_events_unit_idx" ON "record_events" USING btree ("unit_id") WHERE "record_events"."unit_id" is not null;--> statement-breakpoint
INSERT INTO "supervision_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
