/** `/{pixel_id}` and `/{pixel_id}/stats`: the pixel node and its hourly event counts. */
import type { Simulator } from '../../simulator/simulator.ts';
import { ok, type GraphContext, type GraphRequest, type Reply } from '../context.ts';
import { pick } from '../entities.ts';
import { GraphError } from '../graph-error.ts';
import { HOUR } from '../../../intel/time.ts';

const metaTime = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, '+0000');

export function pixelEndpoint(ctx: GraphContext, sim: Simulator, req: GraphRequest, edge: string | undefined): Reply {
  if (edge === 'stats') return ok(ctx, sim, pixelStats(sim, req));
  return ok(ctx, sim, pick(pixelJson(sim), req.params.get('fields')));
}

export function pixelJson(sim: Simulator): Record<string, unknown> {
  const p = sim.spec.pixel;
  const last = [...sim.pixelHours.entries()].reverse().find(([, v]) => v[0] > 0);
  const broken = p.breaksAtHour !== undefined && sim.hourIndex(sim.now) >= p.breaksAtHour + sim.spec.historyDays * 24;
  return {
    id: p.id,
    name: p.name,
    last_fired_time: last ? metaTime(sim.origin + (last[0] + 1) * HOUR) : null,
    is_unavailable: false,
    data_use_setting: 'ADVERTISING_AND_ANALYTICS',
    event_match_quality: broken ? 2.1 : p.eventMatchQuality,
  };
}

/** `/{pixel_id}/stats?aggregation=event`: per hour, the count of each event name. */
function pixelStats(sim: Simulator, req: GraphRequest): unknown {
  if ((req.params.get('aggregation') ?? 'event') !== 'event')
    throw new GraphError(400, 100, '(#100) aggregation must be one of: event, ...');
  const end = Number(req.params.get('end_time') ?? Math.floor(sim.now / 1000)) * 1000;
  const start = Number(req.params.get('start_time') ?? Math.floor((sim.now - 24 * HOUR) / 1000)) * 1000;
  const names = ['PageView', 'AddToCart', 'InitiateCheckout', 'Purchase'];
  const data = [];
  for (let t = Math.floor(start / HOUR) * HOUR; t < Math.min(end, sim.now); t += HOUR) {
    const v = sim.pixelHours.get(sim.hourIndex(t));
    if (!v) continue;
    data.push({
      start_time: metaTime(t),
      aggregation: 'event',
      data: names.map((value, i) => ({ value, count: v[i]! })).filter((d) => d.count > 0),
    });
  }
  return { data };
}
