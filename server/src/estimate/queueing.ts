/**
 * Exact analytic queueing formulas used by the estimator, the capacity rules
 * and the simulation's validation tests (see docs/simulation.md, "Validation
 * against queueing theory"). Pure functions, no dependencies.
 *
 * Conventions: λ (`lambda`) is the arrival rate and μ (`mu`) the service rate
 * of one server, both per second; `c` is the number of identical servers
 * (instances × cores); the offered load a = λ/μ is in Erlangs and the
 * utilization is ρ = a/c. Times are in seconds.
 *
 * Invalid arguments (NaN, negative rates, a non-integer or negative server
 * count, a zero service rate) throw a RangeError: they are bugs in the caller,
 * not designs to be estimated. An overloaded station (λ ≥ cμ) is not an error:
 * it is reported with `stable: false` and infinite waits.
 */

/** Steady-state figures of an M/M/c station. */
export interface QueueMetrics {
  /** ρ = λ/(cμ); may exceed 1 when the station is overloaded. */
  utilization: number;
  /** Probability that an arrival has to wait (Erlang C); 1 when unstable. */
  probWait: number;
  /** Mean time spent waiting in the queue, Wq (s). */
  meanWait: number;
  /** Mean response time, W = Wq + 1/μ (s). */
  meanResponse: number;
  /** Mean number of requests in the station, L = λW. */
  meanInSystem: number;
  /** Mean number of requests waiting, Lq = λWq. */
  meanInQueue: number;
  /** λ < cμ: the queue has a steady state. */
  stable: boolean;
}

/** One station of a tandem (Jackson) network. */
export interface Station {
  lambda: number;
  mu: number;
  c: number;
}

function checkServers(c: number): void {
  if (!Number.isInteger(c) || c < 0) {
    throw new RangeError(`number of servers must be a non-negative integer, got ${c}`);
  }
}

function checkLoad(name: string, x: number): void {
  if (Number.isNaN(x) || x < 0) {
    throw new RangeError(`${name} must be a non-negative number, got ${x}`);
  }
}

/**
 * Erlang B: probability that an arrival finds all c servers busy in a loss
 * system M/M/c/c with offered load a, by the recursion B(0) = 1,
 * B(k) = a·B(k−1) / (k + a·B(k−1)), whose terms all stay in [0, 1] (no
 * factorials or powers, so it is stable for thousands of servers).
 */
export function erlangB(c: number, offeredLoad: number): number {
  checkServers(c);
  checkLoad("offered load", offeredLoad);
  if (c === 0) return 1;
  if (offeredLoad === 0) return 0;
  if (offeredLoad === Infinity) return 1;
  // Far below the load (k < a − 50√a) B(k) is 1 − k/a to within rounding and
  // the recursion contracts errors by k/a per step, so a large system starts
  // there: a least-connections pool of a million cores costs thousands of
  // steps, not a million (closed-forms.test.ts checks it against the full run).
  const start = offeredLoad > 1e4 ? Math.max(0, Math.floor(offeredLoad - 50 * Math.sqrt(offeredLoad))) : 0;
  let b = start > 0 && start < c ? 1 - start / offeredLoad : 1;
  for (let k = start > 0 && start < c ? start + 1 : 1; k <= c; k++) {
    const ab = offeredLoad * b;
    b = ab / (k + ab);
    // Below 1e-300 it only shrinks (and in subnormals it can stall instead of
    // reaching 0): huge server counts cost nothing more.
    if (b < 1e-300) return 0;
  }
  return b;
}

/**
 * Erlang C: probability that an arrival has to wait in M/M/c with offered
 * load a, from Erlang B as C = c·B / (c − a(1 − B)); it is 1 when a ≥ c (no
 * steady state, every arrival eventually queues). The denominator is
 * evaluated as (c − a) + a·B, which avoids cancellation when a is close to c.
 */
export function erlangC(c: number, offeredLoad: number): number {
  checkServers(c);
  checkLoad("offered load", offeredLoad);
  if (offeredLoad >= c) return 1;
  if (offeredLoad === 0) return 0;
  const b = erlangB(c, offeredLoad);
  const p = (c * b) / (c - offeredLoad + offeredLoad * b);
  // Guard against a last-ulp excursion above 1 when a is within rounding of c.
  return p > 1 ? 1 : p;
}

/**
 * M/M/c station: Wq = C(c, λ/μ) / (cμ − λ), W = Wq + 1/μ, and by Little's law
 * L = λW and Lq = λWq. When λ ≥ cμ the queue grows without bound: probWait
 * is 1, times and lengths are Infinity and `stable` is false.
 */
export function mmc(lambda: number, mu: number, c: number): QueueMetrics {
  checkLoad("arrival rate", lambda);
  if (lambda === Infinity) throw new RangeError("arrival rate must be finite");
  if (!(mu > 0) || mu === Infinity) {
    throw new RangeError(`service rate must be a positive finite number, got ${mu}`);
  }
  checkServers(c);
  const capacity = c * mu;
  const utilization = c === 0 ? (lambda === 0 ? 0 : Infinity) : lambda / capacity;
  if (!(lambda < capacity)) {
    return {
      utilization,
      probWait: 1,
      meanWait: Infinity,
      meanResponse: Infinity,
      meanInSystem: Infinity,
      meanInQueue: Infinity,
      stable: false,
    };
  }
  const probWait = erlangC(c, lambda / mu);
  const meanWait = probWait / (capacity - lambda);
  const meanResponse = meanWait + 1 / mu;
  return {
    utilization,
    probWait,
    meanWait,
    meanResponse,
    meanInSystem: lambda * meanResponse,
    meanInQueue: lambda * meanWait,
    stable: true,
  };
}

/** M/M/1 station, the c = 1 case of {@link mmc}: W = 1/(μ − λ), Wq = ρ/(μ − λ). */
export function mm1(lambda: number, mu: number): QueueMetrics {
  return mmc(lambda, mu, 1);
}

/**
 * Mean end-to-end response time of stations visited in series. In a Jackson
 * network each station behaves as an independent M/M/c queue with its own
 * arrival rate, so the mean response time is the sum of the stations' mean
 * response times; Infinity if any station is unstable, 0 for no stations.
 */
export function tandemResponse(stations: readonly Station[]): number {
  let total = 0;
  for (const s of stations) {
    total += mmc(s.lambda, s.mu, s.c).meanResponse;
  }
  return total;
}
