import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A guard as written in the machine: a name, or `a and b` for xstate's `and([...])`. */
function guardLabel(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) return String(guard.type);
  if (typeof guard === 'function' && 'guards' in guard && Array.isArray(guard.guards)) {
    return guard.guards.map(guardLabel).join(' and ');
  }
  return 'guard';
}

function walk(node: AnyStateNode, indent: string, lines: string[]): void {
  const children = Object.values(node.states) as AnyStateNode[];
  const initial = node.initial?.target[0] as AnyStateNode | undefined;
  if (initial) lines.push(`${indent}[*] --> ${initial.key}`);
  for (const child of children) {
    if (Object.keys(child.states).length > 0) {
      lines.push(`${indent}state ${child.key} {`);
      walk(child, `${indent}  `, lines);
      lines.push(`${indent}}`);
    }
    for (const [event, transitions] of child.transitions) {
      for (const t of transitions) {
        const targets = (t.target as AnyStateNode[] | undefined) ?? [child];
        const guard = guardLabel(t.guard);
        for (const to of targets) {
          lines.push(`${indent}${child.key} --> ${to.key}: ${event}${guard ? ` [${guard}]` : ''}`);
        }
      }
    }
    if (child.type === 'final') lines.push(`${indent}${child.key} --> [*]`);
  }
}

/** The machine as a Mermaid state diagram, generated from its definition so the README never drifts. */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2'];
  walk(machine.root, '  ', lines);
  return lines.join('\n');
}
