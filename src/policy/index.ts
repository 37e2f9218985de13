// Public API of the policy engine (a pure library: no I/O).
export { emptyPolicy, parsePolicy, type ParseOptions } from './parse.js';
export { PolicyValidationError } from './errors.js';
export { evaluate } from './evaluate.js';
export { accessDeniedMessage, type MessageOptions } from './message.js';
export { createContext, deferredContext, extendContext } from './context.js';
export { listContextKeys } from './contextKeys.js';
export type {
  CompiledPolicy,
  Decision,
  EvaluateOptions,
  EvaluationRequest,
  MatchedStatement,
  PolicyKind,
  PolicySource,
  PolicyType,
  PrincipalType,
  RequestContext,
  RequestPrincipal,
  SourcedPolicy,
} from './types.js';
export { parseLocated, plainValue, field, JsonSyntaxError, type LocatedNode, type Position, type Span } from './grammar/located.js';
export { parseOperator } from './condition/operators.js';
export { resourceError } from './grammar/resourceArn.js';
export { compileGlob, globMatch } from './match/glob.js';
