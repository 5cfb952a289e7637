// The preview's view picker: "Whole system" and each `view` of the drawn
// system (by title when it has one). Hidden when the system declares no view.
// Design text reaches the page only as option text.
import type { DiagramViewInfo } from '../../server/src/protocol';

/** The picker's value for the whole system (a view name cannot be empty). */
export const WHOLE_SYSTEM = '';

export function fillViewPicker(label: HTMLElement, select: HTMLSelectElement, views: readonly DiagramViewInfo[] | undefined, shown: string | undefined): void {
  select.replaceChildren();
  const whole = document.createElement('option');
  whole.textContent = 'Whole system';
  whole.value = WHOLE_SYSTEM;
  select.appendChild(whole);
  for (const v of views ?? []) {
    const option = document.createElement('option');
    option.textContent = v.title ? `${v.title} (${v.name})` : v.name;
    option.value = v.name;
    select.appendChild(option);
  }
  select.value = shown ?? WHOLE_SYSTEM;
  label.hidden = !views || views.length === 0;
}
