/** A figure's target from the issues: below a ceiling, or at least a floor. */
export type Target = { below: number } | { atLeast: number };
export type Targets = Readonly<Record<string, Target>>;

/** `< 100 ok`, `>= 3M UNDER`, or '' for a figure without a target. */
export function verdict(value: number, target: Target | undefined, show: (n: number) => string = String): string {
  if (!target) return '';
  if ('below' in target) return `< ${show(target.below)} ${value < target.below ? 'ok' : 'OVER'}`;
  return `>= ${show(target.atLeast)} ${value >= target.atLeast ? 'ok' : 'UNDER'}`;
}
