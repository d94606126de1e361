export default async function globalTeardown(): Promise<void> {
  const g = globalThis as unknown as Record<string, { stop(): Promise<void> } | undefined>;
  await g.__ADPILOT_TEMPORAL__?.stop();
  await g.__ADPILOT_PG__?.stop();
}
