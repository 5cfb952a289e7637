/**
 * The checks of a run's size against the limits (limits.ts), shared by the
 * CLI (usage errors) and the language server (request errors), so both
 * refuse the same runs with the same words.
 */
import { MAX_DURATION, MAX_LOAD, MAX_RUN_REQUESTS } from './limits';
import type { SimModel } from './model';

/** What is wrong with a run's duration (seconds) or load (a multiplier) as asked for; undefined when both are within the limits. */
export function settingsProblem(settings: { duration?: number; load?: number }, names = { duration: 'duration', load: 'load' }): string | undefined {
  if (settings.duration !== undefined && settings.duration > MAX_DURATION) {
    return `${names.duration} must be at most ${MAX_DURATION / 86400} days (${MAX_DURATION}s) of simulated time, got ${settings.duration}s`;
  }
  if (settings.load !== undefined && settings.load > MAX_LOAD) {
    return `${names.load} must be at most ${MAX_LOAD}x, got ${settings.load}x`;
  }
  return undefined;
}

/**
 * Client requests the run would send: every client's rate (load included)
 * times the duration; a message when that passes MAX_RUN_REQUESTS (the run
 * would end at its event limit after a sliver of its duration).
 */
export function runSizeProblem(model: SimModel): string | undefined {
  let rate = 0;
  for (const c of model.clients) rate += c.rate;
  const requests = rate * model.duration;
  if (!(requests > MAX_RUN_REQUESTS)) return undefined;
  return `this run would send about ${requests.toPrecision(2)} client requests (${rate.toPrecision(3)}/s for ${model.duration}s), ` +
    `more than the ${MAX_RUN_REQUESTS.toPrecision(2)} a simulation may be asked for; lower the load or the duration`;
}
