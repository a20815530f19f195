export const DEFAULT_REASON = 'Looks like an ordinary classified ad (stand-in default verdict).';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolveRef(ref: string, root: Schema): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!isSchema(node)) return undefined;
    node = node[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
  }
  return node;
}

function allowsNull(schema: Schema): boolean {
  if (schema.type === 'null') return true;
  if (Array.isArray(schema.type) && schema.type.includes('null')) return true;
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  return Array.isArray(options) && options.some((o) => isSchema(o) && o.type === 'null');
}

/**
 * A value matching a JSON schema, shaped like a moderation verdict where it can be: a `verdict`
 * enum containing "approve" gets "approve", `reason` gets a sentence, nullable fields get null.
 */
export function exampleFromSchema(schema: unknown, root: unknown = schema, key = '', depth = 0): unknown {
  if (!isSchema(schema) || depth > 20) return null;
  if (typeof schema.$ref === 'string' && isSchema(root)) return exampleFromSchema(resolveRef(schema.$ref, root), root, key, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (key === 'verdict' && schema.enum.includes('approve')) return 'approve';
    return schema.enum[0];
  }
  if (allowsNull(schema)) return null;
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(options) && options.length > 0) return exampleFromSchema(options[0], root, key, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, exampleFromSchema(sub, root, name, depth + 1)]));
    }
    case 'array':
      return [];
    case 'string':
      return key === 'reason' ? DEFAULT_REASON : 'stand-in';
    case 'number':
    case 'integer': {
      const max = typeof schema.maximum === 'number' ? schema.maximum : 1;
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      return /confidence|score|probability/i.test(key) ? Math.min(max, 0.9) : min;
    }
    case 'boolean':
      return false;
    default:
      return isSchema(schema.properties) ? exampleFromSchema({ ...schema, type: 'object' }, root, key, depth + 1) : null;
  }
}

/** The default approve verdict, used when the request asks for JSON without a usable schema. */
export const APPROVE_VERDICT = { verdict: 'approve', reason: DEFAULT_REASON, suggestedCategory: null };
