/**
 * The one door to the CDK for Terraform core library: every other module imports cdktf through
 * here, so moving to a fork such as cdktn (https://github.com/open-constructs/cdk-terrain) is a
 * change of this line and of the `@cdktf/provider-aws/lib/...` prefixes
 * (`npm run check:cdktn` rehearses it).
 */
export type { IResolveContext, ISynthesisSession } from "cdktf";
export {
  App,
  CloudBackend,
  CONTEXT_ENV,
  Fn,
  LocalBackend,
  NamedCloudWorkspace,
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
 * cdktf's Terraform function call expression (not part of its public API): fast resolution renders
 * expression arguments (see ./fast-resolve) and finds their class through it.
 */
export { call as tfCall } from "cdktf/lib/tfExpression";
