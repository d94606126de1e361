/**
 * A font shipped in an npm package, registered once. Without it, a machine with no system fonts renders charts
 * with blank text (Brooooooklyn/canvas#628); with it, every machine draws the same glyphs.
 */
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

export const CHART_FONT = 'AdpilotSans';

let registered = false;

/**
 * Registers DejaVu Sans (regular and bold) under {@link CHART_FONT}; later calls do nothing.
 * @throws Error when the font files cannot be found or loaded (a broken install).
 */
export function registerChartFont(): string {
  if (registered) return CHART_FONT;
  const require = createRequire(import.meta.url);
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    const path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    if (!GlobalFonts.registerFromPath(path, CHART_FONT)) throw new Error(`Could not load chart font ${path}`);
  }
  registered = true;
  return CHART_FONT;
}
