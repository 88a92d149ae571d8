import { GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Refuses a document that selects one of `fields` on the root operation more than once, so
 * aliases or fragments cannot multiply sign-in, second-factor or token-redeeming attempts.
 */
export function singleUseRootFields(fields: ReadonlySet<string>): ValidationRule {
  return (context: ValidationContext) => {
    const countIn = (selectionSet: SelectionSetNode, counts: Map<string, number>, seen: Set<string>) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (fields.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          countIn(selection.selectionSet, counts, seen);
        } else if (!seen.has(selection.name.value)) {
          seen.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) countIn(fragment.selectionSet, counts, seen);
        }
      }
    };
    return {
      OperationDefinition(operation) {
        const counts = new Map<string, number>();
        countIn(operation.selectionSet, counts, new Set());
        for (const [name, count] of counts) {
          if (count > 1) {
            context.reportError(new GraphQLError(`${name} may appear only once in a request`, { nodes: [operation] }));
          }
        }
      },
    };
  };
}
