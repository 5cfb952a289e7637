import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from '../helpers/property';
import { EventHeap } from '../../src/sim/heap';
import { RingQueue } from '../../src/sim/ring';
import { Rng } from '../../src/sim/rng';

/** Pops everything, returning [time, payload] pairs. */
function drain(h: EventHeap): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (h.size > 0) {
    const p = h.pop();
    out.push([h.lastTime, p]);
  }
  return out;
}

// Few distinct times, so that ties are common; plus the extremes.
const timeArb = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(Infinity, -Infinity, -0, 0),
);

describe('EventHeap', () => {
  it('pops in time order, FIFO among equal times (same as a stable sort)', () => {
    fc.assert(
      fc.property(fc.array(timeArb, { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (times, cap) => {
        const h = new EventHeap(cap);
        times.forEach((t, i) => h.push(t, i));
        assert.equal(h.size, times.length);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const got = drain(h);
        assert.deepEqual(got.map((e) => e[1]), expected.map((e) => e[1]));
        got.forEach((e, k) => assert.ok(e[0] === expected[k][0]));
      }),
      { numRuns: 500 },
    );
  });

  it('matches a reference model under interleaved pushes and pops', () => {
    const op = fc.oneof(fc.record({ push: timeArb }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const h = new EventHeap(4);
        const model: Array<{ t: number; seq: number; p: number }> = [];
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            h.push(o.push, seq);
            model.push({ t: o.push, seq, p: seq });
            seq++;
          } else if (model.length > 0) {
            let best = 0;
            for (let i = 1; i < model.length; i++) {
              const a = model[i], b = model[best];
              if (a.t < b.t || (a.t === b.t && a.seq < b.seq)) best = i;
            }
            const [e] = model.splice(best, 1);
            assert.equal(h.peekPayload(), e.p);
            assert.ok(h.peekTime() === e.t);
            assert.equal(h.pop(), e.p);
            assert.ok(h.lastTime === e.t);
          } else {
            assert.equal(h.peekTime(), Infinity);
            assert.equal(h.peekPayload(), -1);
            assert.throws(() => h.pop(), RangeError);
          }
          assert.equal(h.size, model.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('take() (lazy pop) matches pop() under any mix of pushes, takes, pops and peeks', () => {
    const op = fc.oneof(
      fc.record({ push: timeArb }),
      fc.constant({ take: true as const }),
      fc.constant({ pop: true as const }),
      fc.constant({ peek: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 1, max: 16 }), (ops, cap) => {
        const lazy = new EventHeap(cap);
        const eager = new EventHeap(cap);
        let seq = 0;
        for (const o of ops) {
          if ('push' in o) {
            lazy.push(o.push, seq);
            eager.push(o.push, seq);
            seq++;
          } else if ('peek' in o) {
            assert.equal(lazy.peekPayload(), eager.peekPayload());
            assert.ok(lazy.peekTime() === eager.peekTime());
          } else if (eager.size > 0) {
            assert.equal('take' in o ? lazy.take() : lazy.pop(), eager.pop());
            assert.ok(lazy.lastTime === eager.lastTime);
          } else {
            assert.throws(() => lazy.take(), RangeError);
          }
          assert.equal(lazy.size, eager.size);
        }
        assert.deepEqual(drain(lazy), drain(eager));
      }),
      { numRuns: 300 },
    );
  });

  it('orders 200k random events with many ties, growing from a small capacity', () => {
    const rng = new Rng(1);
    const h = new EventHeap(4);
    const n = 200_000;
    const pushedAt = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = rng.nextInt(1000) / 10; // ~200 events per distinct time
      pushedAt[i] = t;
      h.push(t, i);
    }
    assert.ok(h.capacity >= n);
    let prevT = -Infinity;
    let prevP = -1;
    for (let i = 0; i < n; i++) {
      const p = h.pop();
      const t = h.lastTime;
      assert.equal(t, pushedAt[p]);
      assert.ok(t > prevT || (t === prevT && p > prevP), `order broken at ${i}`);
      prevT = t;
      prevP = p;
    }
    assert.equal(h.size, 0);
  });

  it('hold model: pushing future events while popping keeps the clock monotone', () => {
    const rng = new Rng(2);
    const h = new EventHeap(16);
    for (let i = 0; i < 1000; i++) h.push(rng.next(), i);
    let now = 0;
    for (let i = 0; i < 100_000; i++) {
      const p = h.pop();
      assert.ok(h.lastTime >= now);
      now = h.lastTime;
      h.push(now + (rng.nextInt(4) === 0 ? 0 : rng.next()), p); // some zero delays: ties with now
    }
    assert.equal(h.size, 1000);
  });

  it('clear() empties the heap and restarts the FIFO sequence', () => {
    const h = new EventHeap();
    h.push(1, 10);
    h.push(1, 11);
    h.pop();
    assert.equal(h.lastTime, 1);
    h.clear();
    assert.equal(h.size, 0);
    assert.equal(h.lastTime, 0);
    h.push(2, 20);
    h.push(2, 21);
    h.push(1, 19);
    assert.deepEqual(drain(h), [[1, 19], [2, 20], [2, 21]]);
  });

  it('keeps int32 payloads intact and rejects NaN times', () => {
    const h = new EventHeap();
    for (const p of [0, -1, 2147483647, -2147483648]) h.push(0, p);
    assert.deepEqual(drain(h).map((e) => e[1]), [0, -1, 2147483647, -2147483648]);
    assert.throws(() => h.push(NaN, 1), RangeError);
    assert.equal(h.size, 0);
  });
});

describe('RingQueue', () => {
  it('behaves as an array queue under random pushes and shifts, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constant(null)), { maxLength: 500 }), (ops) => {
        const q = new RingQueue(1);
        const model: number[] = [];
        for (const o of ops) {
          if (o !== null) {
            q.push(o);
            model.push(o);
          } else if (model.length > 0) {
            assert.equal(q.peek(), model[0]);
            assert.equal(q.shift(), model.shift());
          } else {
            assert.throws(() => q.shift(), RangeError);
            assert.ok(Number.isNaN(q.peek()));
          }
          assert.equal(q.size, model.length);
          if (model.length > 0) assert.equal(q.at(model.length - 1), model[model.length - 1]);
        }
        assert.ok(Number.isNaN(q.at(model.length)));
        q.clear();
        assert.equal(q.size, 0);
      }),
      { numRuns: 300 },
    );
  });
});
