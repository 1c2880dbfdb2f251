/**
 * The one door to the CDK for Terraform core library: every other module imports cdktf through
 * here, so moving to a fork such as cdktn (https://github.com/open-constructs/cdk-terrain) is a
 * change of this line and of the `@cdktf/provider-aws/lib/...` prefixes
 * (`npm run check:cdktn` rehearses it).
 */
export type {
  IResolvable,
  IResolveContext,
  ISynthesisSession,
  ITerraformDependable,
  ResolveOptions,
} from "cdktf";
export {
  App,
  CloudBackend,
  CONTEXT_ENV,
  DefaultTokenResolver,
  Fn,
  LocalBackend,
  NamedCloudWorkspace,
  Op,
  StringConcat,
  TerraformBackend,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
} from "cdktf";
/**
 * cdktf's process-wide token map (not part of its public API): batched synthesis empties it of
 * each batch's tokens (see ./token-release).
 */
export { TokenMap } from "cdktf/lib/tokens/private/token-map";
/**
 * cdktf's Terraform function calls, references and `depends_on` entries (not part of its public API): fast resolution
 * renders expression arguments and resolves references (see ./fast-resolve), and finds their
 * classes through them.
 */
export {
  call as tfCall,
  dependable as tfDependable,
  ref as tfRef,
} from "cdktf/lib/tfExpression";
