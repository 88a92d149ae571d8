import { GraphQLScalarType, Kind } from 'graphql';

/** Output-only JSON for flat metadata objects (ids, roles, reasons). */
const GraphQLJSON = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A flat JSON object (output only).',
  serialize: (value) => value,
  parseValue: () => {
    throw new TypeError('JSONObject is output only');
  },
  parseLiteral: (ast) => {
    throw new TypeError(`JSONObject is output only (got ${ast.kind === Kind.OBJECT ? 'object' : ast.kind})`);
  },
});
export default GraphQLJSON;
