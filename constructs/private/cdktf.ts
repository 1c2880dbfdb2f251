/**
 * The one door to the CDK for Terraform core library: every other module imports cdktf through
 * here, so moving to a fork such as cdktn (https://github.com/open-constructs/cdk-terrain) is a
 * change of this line and of the `@cdktf/provider-aws/lib/...` prefixes
 * (`npm run check:cdktn` rehearses it).
 */
export type { ISynthesisSession, ITerraformDependable } from "cdktf";
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
