/** The writes the Graph API emulator makes on the simulator, each recorded in `sim.writes` for tests. */
import type { Status } from './model.ts';
import type { Simulator } from './simulator.ts';

/** Meta's learning phase restarts on a budget change above about 20 %. */
const SIGNIFICANT_BUDGET_EDIT = 0.2;

/** @throws Error for an unknown entity. */
export function setStatus(sim: Simulator, id: string, status: Status): void {
  const e = sim.byId.get(id);
  if (!e) throw new Error(`unknown entity ${id}`);
  sim.writes.push({ at: sim.now, id, field: 'status', from: e.status, to: status });
  e.status = status;
  e.updatedAt = sim.now;
}

/** Sets a daily budget; a change above ~20% is a significant edit and restarts the learning phase. */
export function setDailyBudget(sim: Simulator, id: string, minor: number): void {
  const e = sim.byId.get(id);
  if (!e || 'adset' in e) throw new Error(`entity ${id} has no budget`);
  const previous = e.dailyBudgetMinor;
  if (previous === null)
    throw new Error(
      `entity ${id} has no daily budget (budget lives on the ${'campaign' in e ? 'campaign' : 'ad sets'})`,
    );
  sim.writes.push({ at: sim.now, id, field: 'daily_budget', from: previous, to: minor });
  e.dailyBudgetMinor = minor;
  e.updatedAt = sim.now;
  if (Math.abs(minor - previous) / previous > SIGNIFICANT_BUDGET_EDIT) {
    const affected = 'campaign' in e ? [e] : e.adsets;
    for (const s of affected) {
      s.lastSignificantEditAt = sim.now;
      s.learningEvents = [];
      s.learningStage = 'LEARNING';
    }
  }
}

export function setBidAmount(sim: Simulator, id: string, minor: number): void {
  const e = sim.byId.get(id);
  if (!e || !('cvr' in e)) throw new Error(`entity ${id} is not an ad set`);
  sim.writes.push({ at: sim.now, id, field: 'bid_amount', from: e.bidAmountMinor, to: minor });
  e.bidAmountMinor = minor;
  e.updatedAt = sim.now;
}
