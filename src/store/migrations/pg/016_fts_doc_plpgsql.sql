-- Schema version 16: hd_fts_doc in PL/pgSQL, with the same result.
--
-- As a plain SQL function calling hd_fts_text and hd_fts_cap, each of its call
-- sites in a statement read, planned and ran hd_unaccent's SQL body again on
-- every execution (hd_unaccent cannot be inlined: unaccent() is STABLE): for a
-- sync's batch of 32-row inserts into interactions_fts, about a fifth of the
-- statement's time. PL/pgSQL compiles once per session and calls unaccent()
-- directly. The text it indexes is hd_fts_text's, spelled out: keep the two
-- alike (pg-schema-check.sh compares them).
CREATE OR REPLACE FUNCTION hd_fts_doc(body text, weight "char") RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    t text;
BEGIN
    t := regexp_replace(
        lower(public.unaccent('public.unaccent'::regdictionary, coalesce(body, '')) COLLATE "default"),
        '[!-/:-@[-`{-~]+', ' ', 'g');
    -- hd_fts_cap: a tsvector holds at most 1 MB.
    IF octet_length(t) >= 349525 THEN
        t := CASE WHEN octet_length(left(t, 349000)) < 349525 THEN left(t, 349000)
                  ELSE left(t, 87381) END;
    END IF;
    RETURN setweight(to_tsvector('simple', t), weight);
END
$$;
