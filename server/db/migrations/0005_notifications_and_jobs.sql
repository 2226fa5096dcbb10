CREATE TABLE "jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"dedup_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	CONSTRAINT "jobs_max_attempts_positive" CHECK ("jobs"."max_attempts" >= 1)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"level" text DEFAULT 'blue' NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"record_kind" text,
	"record_id" integer,
	"region_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_level_check" CHECK ("notifications"."level" in ('blue','orange','red')),
	CONSTRAINT "notifications_link_is_path" CHECK ("notifications"."link" ~ '^/([^/\\]|$)')
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedup_key_pending" ON "jobs" USING btree ("dedup_key") WHERE "jobs"."done_at" is null and "jobs"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at","id") WHERE "jobs"."done_at" is null and "jobs"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_record_idx" ON "notifications" USING btree ("record_kind","record_id");--> statement-breakpoint
-- New and read notifications are announced on the change feed (tongchou_changes, see 0003), so every server on
-- this database pushes them to the person's open streams, after commit, whoever wrote them. Topics:
-- 'notification:<user id>:<notification id>' for a new one, 'notifications:<user id>' when some were read
-- (PostgreSQL folds the repeats of one transaction, so marking 500 read announces once).
CREATE FUNCTION "notify_notification"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM pg_notify('tongchou_changes', 'notification:' || NEW.user_id || ':' || NEW.id);
  ELSE
    PERFORM pg_notify('tongchou_changes', 'notifications:' || NEW.user_id);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "notifications_added" AFTER INSERT ON "notifications"
  FOR EACH ROW EXECUTE FUNCTION "notify_notification"();--> statement-breakpoint
CREATE TRIGGER "notifications_read" AFTER UPDATE ON "notifications" FOR EACH ROW
  WHEN (OLD.read_at IS DISTINCT FROM NEW.read_at)
  EXECUTE FUNCTION "notify_notification"();
