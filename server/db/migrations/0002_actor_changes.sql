-- Servers keep logged-in users (actors) in memory; every change that could make a kept actor wrong announces
-- itself on the channel tongchou_actor_changes, whichever process or command made it (see decision 0006, E).
-- Payload: 'user:<id>' for one account's sessions, 'all' when names shared by many actors change.
CREATE FUNCTION "notify_actor_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' OR TG_TABLE_NAME IN ('units', 'regions') THEN
    PERFORM pg_notify('tongchou_actor_changes', 'all');
  ELSIF TG_TABLE_NAME = 'sessions' THEN
    PERFORM pg_notify('tongchou_actor_changes', 'user:' || OLD.user_id);
  ELSE
    PERFORM pg_notify('tongchou_actor_changes', 'user:' || OLD.id);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "sessions_actor_change" AFTER UPDATE OR DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "notify_actor_change"();--> statement-breakpoint
CREATE TRIGGER "sessions_actor_truncate" AFTER TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_actor_change"();--> statement-breakpoint
CREATE TRIGGER "users_actor_change" AFTER UPDATE ON "users" FOR EACH ROW
  WHEN ((OLD.username, OLD.display_name, OLD.role, OLD.unit_id, OLD.scope_region_code, OLD.active, OLD.password_hash)
    IS DISTINCT FROM (NEW.username, NEW.display_name, NEW.role, NEW.unit_id, NEW.scope_region_code, NEW.active, NEW.password_hash))
  EXECUTE FUNCTION "notify_actor_change"();--> statement-breakpoint
CREATE TRIGGER "units_actor_change" AFTER UPDATE ON "units" FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION "notify_actor_change"();--> statement-breakpoint
CREATE TRIGGER "regions_actor_change" AFTER UPDATE ON "regions" FOR EACH ROW
  WHEN ((OLD.name, OLD.level) IS DISTINCT FROM (NEW.name, NEW.level))
  EXECUTE FUNCTION "notify_actor_change"();
