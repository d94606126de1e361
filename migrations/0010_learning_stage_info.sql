-- Meta's learning_stage_info beyond its status: the optimisation events counted toward leaving the learning phase,
-- and the time of the last significant edit (an edit that restarts learning), so the policy can tell how many days
-- an ad set has had since its last significant edit. NULL where Meta reports no learning stage (campaigns, ads).
ALTER TABLE intel_entity
  ADD COLUMN learning_conversions     integer,
  ADD COLUMN last_significant_edit_at timestamptz;
