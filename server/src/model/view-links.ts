// Links one `view` declaration: checks that it is exactly one of the three
// forms (include, focus + depth, path + from) and resolves the component names
// it writes. Unknown names are reported with a did-you-mean and the view is
// left without a selector, so nothing draws a view that says something else
// than it was meant to.
import type { Span } from '../syntax/ast';
import type { Diagnostic } from '../diagnostics';
import { kindSpec } from '../schema/schema';
import type { PropertyName } from '../schema/property-names';
import type { ComponentModel, NameRef, ViewModel, ViewSelector } from './types';

type Report = (d: Diagnostic) => void;

const FORMS: { form: ViewSelector['form']; props: PropertyName[] }[] = [
  { form: 'include', props: ['include'] },
  { form: 'focus', props: ['focus', 'depth'] },
  { form: 'path', props: ['path', 'from'] },
];

const HOW = 'include: [a, b], focus: NAME (with depth: N), or path: read from: CLIENT';

export function resolveView(view: ViewModel, components: ReadonlyMap<string, ComponentModel>, report: Report, suggest: (word: string) => string): void {
  const error = (rule: string, message: string, span: Span) => report({ rule, severity: 'error', message, span });
  const written = FORMS.filter((f) => f.props.some((p) => view.props.has(p)));
  if (written.length === 0) {
    // Properties written but invalid were reported already; say nothing more then.
    if (!(view.decl.body ?? []).some((item) => item.type === 'property' || item.type === 'flag')) error('missing-property', `View '${view.name}' needs what it shows: ${HOW}.`, view.nameSpan);
    return;
  }
  if (written.length > 1) {
    const second = written[1].props.find((p) => view.props.has(p))!;
    const first = written[0].props.find((p) => view.props.has(p))!;
    error('invalid-value', `A view shows one thing: '${first}' and '${second}' cannot both be set in view '${view.name}'. Write ${HOW}.`, view.props.get(second)!.nameSpan!);
    return;
  }
  const lookup = (name: string, span: Span, what: string): ComponentModel | undefined => {
    const found = components.get(name);
    if (!found) error('unknown-reference', `Unknown component '${name}' in ${what} of view '${view.name}'.${suggest(name)}`, span);
    return found;
  };
  switch (written[0].form) {
    case 'include': {
      const names = view.props.value<NameRef[]>('include') ?? [];
      const found = names.map((n) => lookup(n.name, n.span, "'include'"));
      if (names.length === 0) error('invalid-value', `'include' lists no component; write include: [a, b].`, view.props.get('include')!.valueSpan!);
      else if (found.every((c): c is ComponentModel => c !== undefined)) view.selector = { form: 'include', components: unique(found) };
      return;
    }
    case 'focus': {
      const focus = view.props.get('focus');
      if (!focus?.explicit) {
        if (writes(view, 'focus')) return; // written with a bad value: reported already
        error('missing-property', `'depth' counts connections away from a component: add focus: NAME to view '${view.name}'.`, view.props.get('depth')!.nameSpan!);
        return;
      }
      const component = lookup(focus.value as string, focus.valueSpan!, "'focus'");
      if (component) view.selector = { form: 'focus', focus: component, depth: view.props.num('depth')! };
      return;
    }
    case 'path': {
      const path = view.props.get('path');
      const from = view.props.get('from');
      if (!path?.explicit || !from?.explicit) {
        if (writes(view, 'path') && writes(view, 'from')) return; // one has a bad value: reported already
        const [missing, present] = path?.explicit ? ['from: CLIENT', 'path'] : ['path: read (or write)', 'from'];
        error('missing-property', `View '${view.name}' follows a request: add ${missing} next to '${present}'.`, view.props.get(present as PropertyName)!.nameSpan!);
        return;
      }
      const client = lookup(from.value as string, from.valueSpan!, "'from'");
      if (!client) return;
      if (client.kind !== 'client') {
        const noun = client.kind ? kindSpec(client.kind)!.noun : `'${client.keyword}'`;
        error('invalid-value', `A path starts where requests start: '${client.name}' is ${noun}, not a client.`, from.valueSpan!);
        return;
      }
      view.selector = { form: 'path', request: path.value as 'read' | 'write', from: client };
      return;
    }
  }
}

/** The body writes `name`, valid or not (a bad value is reported by the linker and not set). */
function writes(view: ViewModel, name: string): boolean {
  return (view.decl.body ?? []).some((item) => (item.type === 'property' || item.type === 'flag') && item.name.text === name);
}

function unique(components: ComponentModel[]): ComponentModel[] {
  return [...new Set(components)];
}
