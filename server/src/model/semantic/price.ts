// A component's `price:` (docs/cost.md): the design's own figure, which
// replaces the built-in price table's. Money is normalised to US dollars per
// month by the schema (0.20/h reads as 146 per month).
import type { Span } from '../../syntax/ast';
import type { ComponentModel, SystemModel } from '../types';
import { HOURS_PER_MONTH } from '../../schema/units';

export interface PriceOverride {
  /** US dollars per instance-hour. */
  perInstanceHour: number;
  span: Span;
}

/** The component's written `price:`, or undefined when the price table decides. */
export function priceOverrideOf(c: ComponentModel): PriceOverride | undefined {
  const v = c.props.get('price');
  if (!v?.explicit || typeof v.value !== 'number') return undefined;
  return { perInstanceHour: v.value / HOURS_PER_MONTH, span: v.span ?? c.nameSpan };
}

/** The system's `budget:` in US dollars per month, with where it is written. */
export function budgetOf(system: SystemModel): { monthlyUsd: number; span: Span } | undefined {
  const v = system.props.get('budget');
  if (!v?.explicit || typeof v.value !== 'number') return undefined;
  return { monthlyUsd: v.value, span: v.span ?? system.nameSpan };
}
