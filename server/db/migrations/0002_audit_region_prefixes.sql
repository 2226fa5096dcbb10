DROP INDEX "audit_region_idx";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "region_prefixes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_region_prefixes_idx" ON "audit_log" USING gin ("region_prefixes");--> statement-breakpoint
-- Entries written before this migration: their region and the regions their before and after states name.
UPDATE "audit_log" SET "region_prefixes" = coalesce((
  SELECT array_agg(DISTINCT left(c, n))
  FROM unnest(ARRAY["region_code", "before"->>'regionCode', "before"->>'scopeRegionCode',
                    "after"->>'regionCode', "after"->>'scopeRegionCode']) AS c,
       unnest(ARRAY[4, 6, 9, 12, 15]) AS n
  WHERE c ~ '^[0-9]{12}([0-9]{3})?$' AND n <= length(c)
), '{}'::text[]);--> statement-breakpoint
-- Unit contact phones are personal data: entries written before they were masked get the masked form.
CREATE FUNCTION pg_temp.mask_contact_phone(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN v ~ '^0[0-9]{2,3}-[0-9]{7,8}$' THEN split_part(v, '-', 1) || '-' || repeat('*', length(split_part(v, '-', 2)) - 4) || right(v, 4)
    WHEN length(v) >= 7 THEN left(v, 3) || repeat('*', length(v) - 7) || right(v, 4)
    ELSE repeat('*', length(v))
  END
$$;--> statement-breakpoint
UPDATE "audit_log" SET "before" = jsonb_set("before", '{contactPhone}', to_jsonb(pg_temp.mask_contact_phone("before"->>'contactPhone')))
WHERE jsonb_typeof("before"->'contactPhone') = 'string';--> statement-breakpoint
UPDATE "audit_log" SET "after" = jsonb_set("after", '{contactPhone}', to_jsonb(pg_temp.mask_contact_phone("after"->>'contactPhone')))
WHERE jsonb_typeof("after"->'contactPhone') = 'string';
