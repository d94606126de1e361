-- Reach is not additive across days, so the 7-day reach and frequency are read from Meta as such (one paged call
-- per collection) instead of being guessed from daily rows.
ALTER TABLE intel_entity ADD COLUMN reach_7d bigint, ADD COLUMN frequency_7d numeric(10,4);
