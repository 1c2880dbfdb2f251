/**
 * Literal text inside Terraform strings: "${" and "%{" start template sequences, so text that
 * contains them (shell scripts, user values) is escaped as "$${" and "%%{". For text that holds
 * no references (the plan's); constructs/private/terraform.ts leaves references alone.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
