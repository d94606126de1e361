import type { ScenarioSpec } from '../../src/emulators/simulator/scenario.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';

/**
 * A generated ad account of a test file: `act_<name>`, whose token is `<name>-token` (with dashes), of
 * `[campaigns, ad sets per campaign, ads per ad set]`.
 */
export function testAccount(
  name: string,
  [campaigns, adsetsPerCampaign, adsPerAdset]: [number, number, number],
  o: { seed: number; historyDays: number },
): ScenarioSpec {
  const token = `${name.replaceAll('_', '-')}-token`;
  return generatedScenario({ accountId: `act_${name}`, token, campaigns, adsetsPerCampaign, adsPerAdset, ...o });
}
