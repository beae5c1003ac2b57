/**
 * Localized text for the report webview, which has no localization of its own.
 */
import * as vscode from 'vscode';
import type { CheckFamily, Diagnosis } from '../../diagnosis/finding';
import { countBySeverity } from './model';
import type { LabelKey } from './protocol';

export function reportLabels(): Record<LabelKey, string> {
  return {
    verdict: vscode.l10n.t('Verdict'),
    vault: vscode.l10n.t('Vault'),
    caller: vscode.l10n.t('Caller'),
    operations: vscode.l10n.t('Operations'),
    objects: vscode.l10n.t('Objects'),
    factsTakenAt: vscode.l10n.t('Facts taken at'),
    copyBash: vscode.l10n.t('Copy bash'),
    copyPowerShell: vscode.l10n.t('Copy PowerShell'),
    runBash: vscode.l10n.t('Insert bash in terminal'),
    runPowerShell: vscode.l10n.t('Insert PowerShell in terminal'),
    apply: vscode.l10n.t('Apply...'),
    armWrites: vscode.l10n.t('Azure Resource Manager requests'),
    evidence: vscode.l10n.t('Evidence'),
    missingFacts: vscode.l10n.t('Missing facts'),
    copy: vscode.l10n.t('Copy'),
    exportMarkdown: vscode.l10n.t('Export as Markdown'),
    saveFacts: vscode.l10n.t('Save facts as JSON'),
    rediagnose: vscode.l10n.t('Diagnose again'),
    noFindings: vscode.l10n.t('No checks in this family.'),
    workspaceEdit: vscode.l10n.t('Edit'),
    fixes: vscode.l10n.t('Fixes'),
    checkByHand: vscode.l10n.t('Check by hand'),
    recentDenials: vscode.l10n.t('Recent denials in the audit log'),
    diagnoseDenial: vscode.l10n.t('Diagnose'),
    noDenials: vscode.l10n.t('No denial was logged in this window. Logs arrive a few minutes late, so this does not show that requests succeed.'),
    denialsTruncated: vscode.l10n.t('The query reached its row limit, so older denials may be missing.'),
    'severity.blocker': vscode.l10n.t('blocker'),
    'severity.warning': vscode.l10n.t('warning'),
    'severity.info': vscode.l10n.t('info'),
    'severity.ok': vscode.l10n.t('ok'),
    'severity.unknown': vscode.l10n.t('unknown'),
  };
}

/** Family headings: the command line's words (`FAMILY_TITLES`), localized. */
export function familyLabels(): Record<CheckFamily, string> {
  return {
    network: vscode.l10n.t('Network'),
    identity: vscode.l10n.t('Identity: who really calls'),
    model: vscode.l10n.t('Permission model'),
    authorization: vscode.l10n.t('Authorization'),
    object: vscode.l10n.t('Object state'),
    collection: vscode.l10n.t('Collection of facts'),
  };
}

/** Writes the one sentence shown under the verdict, with singular and plural forms. */
export function headline(diagnosis: Diagnosis): string {
  const counts = countBySeverity(diagnosis);
  switch (diagnosis.verdict) {
    case 'blocked':
      return counts.blocker === 1
        ? vscode.l10n.t('1 blocker stops this request.')
        : vscode.l10n.t('{0} blockers stop this request.', counts.blocker);
    case 'unknown':
      return counts.unknown === 1
        ? vscode.l10n.t('No blocker found, but 1 check could not run because facts are missing.')
        : vscode.l10n.t('No blocker found, but {0} checks could not run because facts are missing.', counts.unknown);
    case 'should-work':
      if (counts.warning === 0) {
        return vscode.l10n.t('Every check passed: the request should succeed.');
      }
      return counts.warning === 1
        ? vscode.l10n.t('The request should succeed, with 1 warning.')
        : vscode.l10n.t('The request should succeed, with {0} warnings.', counts.warning);
  }
}
