/**
 * Durations in milliseconds for epoch-ms arithmetic, in one pure module so every layer (workflows included) shares
 * them. A DAY is 24 elapsed hours, not a local calendar day: across a DST change a local day is 23 or 25 h, so code
 * that steps calendar days uses the timezone-aware helpers instead.
 */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
