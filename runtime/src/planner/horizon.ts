import { BARS_PER_HOUR } from './types';

/** How a horizon of `bars` bars of `barMinutes` reads to people: "2 hours", "3 days", "30 minutes". */
export function describeHorizon(bars: number, barMinutes = 60 / BARS_PER_HOUR): string {
  const minutes = bars * barMinutes;
  return minutes % 1440 === 0 ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
}
