/** Small helpers shared by the identity checks: building findings and comparing ids. */
import type { CauseCode, Finding, Fix, Severity } from '../../finding';

export interface FindingInput {
  code: CauseCode;
  severity: Severity;
  title: string;
  detail: string;
  evidence?: string[];
  fixes?: Fix[];
  missing?: string[];
}

/** Capitalizes a leading "the", for titles built from labels such as "the annotation ..."; names keep their case. */
export function capitalize(text: string): string {
  return text.startsWith('the ') ? `The ${text.slice(4)}` : text;
}

export function identityFinding(input: FindingInput): Finding {
  const finding: Finding = {
    code: input.code,
    family: 'identity',
    severity: input.severity,
    title: capitalize(input.title),
    detail: capitalize(input.detail),
    evidence: input.evidence ?? [],
    fixes: input.fixes ?? [],
  };
  if (input.missing) finding.missing = input.missing;
  return finding;
}

/** GUIDs and resource ids compare case-insensitively: Azure returns both spellings. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string | undefined): boolean {
  return value !== undefined && GUID.test(value);
}

/** Returns the last segment of a resource id: the resource's name. */
export function resourceName(id: string): string {
  return id.split('/').filter((part) => part.length > 0).pop() ?? id;
}
