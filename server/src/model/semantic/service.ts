// A component's service time as the queueing formulas need it: the mean and
// the squared coefficient of variation (variance / mean²) of the distribution
// the design writes (a bare time is exponential).
import type { Distribution } from '../types';

export interface ServiceTime {
  distribution: Distribution;
  /** Seconds. */
  mean: number;
  /** Squared coefficient of variation: 1 for exponential, 0 for constant. */
  scv: number;
}

export function serviceTimeOf(distribution: Distribution | undefined): ServiceTime | undefined {
  if (!distribution) return undefined;
  switch (distribution.kind) {
    case 'exp':
      return { distribution, mean: distribution.mean, scv: 1 };
    case 'const':
      return { distribution, mean: distribution.value, scv: 0 };
    case 'normal':
    case 'lognormal':
      return { distribution, mean: distribution.mean, scv: distribution.mean > 0 ? (distribution.sd / distribution.mean) ** 2 : 0 };
  }
}
