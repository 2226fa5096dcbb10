-- Servers keep some reads in memory (logged-in users, a region's children, meeting lists); every committed change
-- that could make a kept read wrong is announced on the channel tongchou_changes, whichever process or command
-- made it (decision 0006, E). Topics: 'user:<id>' (one account's sessions), 'actors' (names many actors carry),
-- 'regions', 'meetings', 'users' (names shown in lists). PostgreSQL folds repeats within a transaction.
CREATE FUNCTION "notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  topic text;
BEGIN
  FOREACH topic IN ARRAY TG_ARGV LOOP
    IF topic = 'user:' THEN
      IF TG_LEVEL = 'STATEMENT' THEN
        topic := 'actors';
      ELSIF TG_TABLE_NAME = 'sessions' THEN
        topic := 'user:' || OLD.user_id;
      ELSE
        topic := 'user:' || OLD.id;
      END IF;
    END IF;
    PERFORM pg_notify('tongchou_changes', topic);
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "sessions_changed" AFTER UPDATE OR DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "notify_change"('user:');--> statement-breakpoint
CREATE TRIGGER "sessions_truncated" AFTER TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"('user:');--> statement-breakpoint
CREATE TRIGGER "users_actor_changed" AFTER UPDATE ON "users" FOR EACH ROW
  WHEN ((OLD.username, OLD.display_name, OLD.role, OLD.unit_id, OLD.scope_region_code, OLD.active, OLD.password_hash)
    IS DISTINCT FROM (NEW.username, NEW.display_name, NEW.role, NEW.unit_id, NEW.scope_region_code, NEW.active, NEW.password_hash))
  EXECUTE FUNCTION "notify_change"('user:');--> statement-breakpoint
CREATE TRIGGER "users_name_changed" AFTER UPDATE ON "users" FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION "notify_change"('users');--> statement-breakpoint
CREATE TRIGGER "users_removed" AFTER DELETE OR TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"('users');--> statement-breakpoint
CREATE TRIGGER "units_name_changed" AFTER UPDATE ON "units" FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION "notify_change"('actors');--> statement-breakpoint
CREATE TRIGGER "regions_name_changed" AFTER UPDATE ON "regions" FOR EACH ROW
  WHEN ((OLD.name, OLD.level) IS DISTINCT FROM (NEW.name, NEW.level))
  EXECUTE FUNCTION "notify_change"('actors');--> statement-breakpoint
CREATE TRIGGER "regions_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "regions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"('regions');--> statement-breakpoint
CREATE TRIGGER "meetings_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "meetings"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"('meetings');--> statement-breakpoint
CREATE TRIGGER "directives_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "directives"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"('meetings');
