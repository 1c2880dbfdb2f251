/**
 * Repairs to the HCL that cdktf's writer produces for `cdktf synth --hcl` (cdktf 0.21), so the
 * .tf files mean what cdk.tf.json means and `terraform validate` has nothing to say about them.
 * A test converts the HCL back to JSON (@cdktf/hcl2json) and compares it with cdk.tf.json.
 */

/** A Terraform reference as the meta-arguments take it: `aws_iam_role.build_role`, `name`. */
const REFERENCE =
  /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\])*$/;

/**
 * `depends_on` and `lifecycle.ignore_changes` list references. JSON syntax can only spell them as
 * strings; the writer copies those strings into HCL, where quoted references are deprecated
 * (a warning from `terraform validate`), so they are unquoted here.
 * https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on
 */
export function unquoteReferenceLists(hcl: string): string {
  return hcl.replace(
    /^([ \t]*(?:depends_on|ignore_changes) = \[\n)((?:[ \t]*"[^"\n]*",?\n)*)/gm,
    (_, head: string, items: string) =>
      head +
      items.replace(
        /^([ \t]*)"([^"\n]*)"(,?)$/gm,
        (item: string, indent: string, ref: string, comma: string) =>
          REFERENCE.test(ref) ? `${indent}${ref}${comma}` : item,
      ),
  );
}

/**
 * The writer turns a multi-line string S into `<<EOF\nS\nEOF`, whose value is S plus a newline.
 * Here the heredoc gets S's value back: its last newline is dropped when S ended with one (a
 * buildspec does), else it is wrapped in `chomp()`.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#heredoc-strings
 */
export function exactHeredocs(hcl: string): string {
  return hcl.replace(/<<EOF\n([\s\S]*?)\nEOF$/gm, (_, body: string) =>
    body.endsWith("\n")
      ? `<<EOF\n${body.slice(0, -1)}\nEOF`
      : `chomp(<<EOF\n${body}\nEOF\n)`,
  );
}

/** Every repair, in order. */
export function repairHcl(hcl: string): string {
  return exactHeredocs(unquoteReferenceLists(hcl));
}
