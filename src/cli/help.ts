/**
 * Help texts of the command line.
 */

export const MAIN_HELP = `kv-doctor: explains why an identity gets 403 from Azure Key Vault and prints the least-privilege fix.

Usage:
  kv-doctor diagnose --facts FILE [--format text|json|markdown]
  kv-doctor diagnose --scenario FILE [--workspace DIR] [--save-facts FILE] [--format ...]
  kv-doctor diagnose --vault ID (--identity ID | --object-id GUID | --client-id GUID) [options]
  kv-doctor explain [--file FILE] [--format text|json]
  kv-doctor check [DIR] [--format text|json|sarif] [--fail-on blocker|warning]
  kv-doctor --help | --version

Commands:
  diagnose   Check every cause of a denied Key Vault request and print the fixes.
  explain    Explain a pasted Key Vault, Microsoft Entra ID or IMDS error.
  check      Check Kubernetes manifests and templates for 403s they cause, offline (for CI).

Exit codes of diagnose: 0 should work, 1 blocked, 3 unknown (facts missing, or Azure could not
be reached), 2 bad usage or input. Run \`kv-doctor COMMAND --help\` for the options of a command.
`;

export const DIAGNOSE_HELP = `Usage:
  kv-doctor diagnose --facts FILE [--format text|json|markdown]
  kv-doctor diagnose --scenario FILE [--workspace DIR] [--save-facts FILE] [--format ...]
  kv-doctor diagnose --vault ID (--identity ID | --object-id GUID | --client-id GUID)
                     [--operations LIST] [--objects LIST] [--workspace DIR] [--save-facts FILE]
                     [--cloud NAME | --arm-endpoint URL --ca FILE] [--format ...]

Input (exactly one):
  --facts FILE          Facts saved earlier (kv-doctor-facts/1 JSON); works offline.
  --scenario FILE       A scenario file (kv-scenario/1), served by the local sandbox.
  --vault ID            Resource id of the vault, read live from Azure Resource Manager.

Caller (live form, exactly one):
  --identity ID         Resource id of a user-assigned managed identity.
  --object-id GUID      Object (principal) id of a service principal, managed identity, user or group.
  --client-id GUID      Application (client) id.

Options:
  --operations LIST     Comma-separated data-plane operations in the order the client runs them,
                        such as secrets/list,secrets/get (default: what the External Secrets
                        manifests in --workspace do, otherwise secrets/get).
  --objects LIST        Comma-separated objects, such as secrets/db-password.
  --workspace DIR       Folder with Kubernetes manifests and Bicep/ARM templates to check too.
  --save-facts FILE     Also write the collected facts to FILE, to replay with --facts.
  --cloud NAME          AzureCloud (default), AzureUSGovernment or AzureChinaCloud.
  --arm-endpoint URL    A custom Resource Manager endpoint (for example Azure Stack Hub).
  --ca FILE             PEM file of the certificate authority the custom endpoint uses.
  --format FORMAT       text (default), json or markdown.
  --no-color            Plain text output even on a terminal (NO_COLOR=1 does the same).
  --verbose             Print collection progress and each Azure Resource Manager request to
                        standard error.

Every request attempt times out after 30 seconds and is retried up to 3 times; a read that still
fails becomes a missing fact.

Exit codes:
  0  should work
  1  blocked
  2  bad usage or input: an unknown option, an empty or unknown --operations value, a file that
     is missing or invalid, a --ca file that is not a PEM certificate, an endpoint that answers
     with something other than Azure Resource Manager metadata
  3  unknown: facts are missing (a read was refused, failed or timed out), or Azure Resource
     Manager could not be reached at all (connection refused, name not resolved, timed out)
`;

export const EXPLAIN_HELP = `Usage:
  kv-doctor explain [--file FILE] [--format text|json]

Reads an error as the client printed it (a Key Vault 403 body, an AADSTS message, an IMDS
error) from FILE, or from standard input when --file is not given, and prints what it means,
which identity really called, and what to check next. FILE may also hold JSON of the form
{"status": 403, "headers": {...}, "body": "..."} when response headers are known.

Options:
  --file FILE           Read the error from FILE instead of standard input.
  --format FORMAT       text (default) or json.

Exit codes: 0 explained (also when the error is not recognized: the output says so), 2 bad
usage or input (empty input, or a JSON object with "status", "headers" or "body" of the wrong
type).
`;

export const CHECK_HELP = `Usage:
  kv-doctor check [DIR] [--format text|json|sarif] [--fail-on blocker|warning] [--fail-on-unparsed]

Reads the Kubernetes manifests (.yaml, .yml), ARM templates and role definitions (.json), Bicep
(.bicep) and Terraform (.tf) files under DIR (the current folder by default) and reports what
they alone show will be denied by Key Vault, such as a workload identity label on the
Deployment instead of its pod template, or an External Secrets store without
serviceAccountRef. Nothing is sent to Azure. Skips node_modules, .git, .terraform, out and dist.

Options:
  --format FORMAT       text (default), json, or sarif (SARIF 2.1.0 for code scanning).
  --fail-on SEVERITY    blocker (default) or warning: the lowest severity that makes the exit code 1.
  --fail-on-unparsed    Also exit 1 when a file or document was not checked: invalid YAML or JSON,
                        Helm template syntax, or a file skipped as too large (above 1 MiB) or not text.
  --no-color            Plain text output even on a terminal (NO_COLOR=1 does the same).

Files that are not checked are listed under "Files not checked" (text), in "errors" and "skipped"
(JSON) or as tool notifications (SARIF). Line numbers are one-based, except the zero-based "range"
fields of the JSON output.

Exit codes:
  0  no finding at the failing severity; files not checked do not change this by default, so
     Helm templates beside the manifests do not break a pipeline
  1  at least one finding at the failing severity, or, with --fail-on-unparsed, a file not checked
  2  bad usage, a folder that does not exist, or no file checked because every candidate file
     failed to parse or was skipped
`;
