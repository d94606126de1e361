-- Accounts of one Meta business share its business-use-case rate limits: collection paces them together.
ALTER TABLE ad_account ADD COLUMN business_id text;
CREATE INDEX ad_account_business ON ad_account (business_id) WHERE business_id IS NOT NULL;

-- Until when Meta asked a business to stay away (x-business-use-case-usage estimated_time_to_regain_access, or a
-- throttle error's wait): every account of the business waits it out, not only the one that was throttled.
CREATE TABLE meta_business_pacing (
  business_id text PRIMARY KEY,
  blocked_until timestamptz NOT NULL,
  reason text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
