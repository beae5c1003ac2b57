/**
 * Structural checks of a SARIF 2.1.0 log: the properties the OASIS 2.1.0 JSON schema marks as
 * required, the value ranges it sets (lines and columns start at 1, levels from a fixed list),
 * and what GitHub code scanning needs on top (a ruleId, a relative artifact URI, a region and
 * string fingerprints). Returns the problems found, empty for a valid log.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LEVELS = ['none', 'note', 'warning', 'error'];

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const need = (condition: boolean, message: string): void => {
    if (!condition) problems.push(message);
  };

  if (!isObject(log)) return ['the log is not an object'];
  need(log.version === '2.1.0', 'sarifLog.version must be "2.1.0"');
  need(typeof log.$schema === 'string' && /sarif/i.test(log.$schema as string), 'sarifLog.$schema should name the SARIF schema');
  need(Array.isArray(log.runs), 'sarifLog.runs is required and must be an array');

  for (const [runIndex, run] of ((log.runs as unknown[]) ?? []).entries()) {
    const at = `runs[${runIndex}]`;
    if (!isObject(run)) {
      problems.push(`${at} is not an object`);
      continue;
    }
    const driver = isObject(run.tool) ? run.tool.driver : undefined;
    need(isObject(run.tool), `${at}.tool is required`);
    need(isObject(driver) && typeof driver.name === 'string' && driver.name !== '', `${at}.tool.driver.name is required`);

    const rules = isObject(driver) && Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
    const ruleIds = rules.map((rule) => (isObject(rule) ? rule.id : undefined));
    for (const [ruleIndex, rule] of rules.entries()) {
      need(isObject(rule) && typeof rule.id === 'string', `${at}.tool.driver.rules[${ruleIndex}].id is required`);
      const short = isObject(rule) ? rule.shortDescription : undefined;
      need(short === undefined || (isObject(short) && typeof short.text === 'string'), `${at}.tool.driver.rules[${ruleIndex}].shortDescription.text is required when it is given`);
      need(!isObject(rule) || rule.helpUri === undefined || /^https?:\/\//.test(String(rule.helpUri)), `${at}.tool.driver.rules[${ruleIndex}].helpUri must be an absolute URI`);
    }
    need(new Set(ruleIds).size === ruleIds.length, `${at}.tool.driver.rules has duplicate ids`);

    const results = Array.isArray(run.results) ? (run.results as unknown[]) : [];
    need(run.results === undefined || Array.isArray(run.results), `${at}.results must be an array`);
    for (const [resultIndex, result] of results.entries()) {
      problems.push(...resultProblems(result, `${at}.results[${resultIndex}]`, ruleIds));
    }

    for (const [invocationIndex, invocation] of (Array.isArray(run.invocations) ? run.invocations : []).entries()) {
      need(isObject(invocation) && typeof invocation.executionSuccessful === 'boolean', `${at}.invocations[${invocationIndex}].executionSuccessful is required`);
      const notifications = isObject(invocation) && Array.isArray(invocation.toolExecutionNotifications) ? invocation.toolExecutionNotifications : [];
      for (const [index, notification] of notifications.entries()) {
        need(isObject(notification) && isObject(notification.message) && typeof notification.message.text === 'string', `${at}.invocations[${invocationIndex}].toolExecutionNotifications[${index}].message.text is required`);
      }
    }
  }
  return problems;
}

function regionProblems(region: unknown, at: string): string[] {
  if (!isObject(region)) return [`${at} is not an object`];
  const problems: string[] = [];
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
    const value = region[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) problems.push(`${at}.${key} must be an integer of at least 1, got ${JSON.stringify(value)}`);
  }
  if (region.startLine === undefined) problems.push(`${at}.startLine is required for a text region`);
  const endLine = (region.endLine as number | undefined) ?? (region.startLine as number);
  if (endLine < (region.startLine as number)) problems.push(`${at}.endLine is before startLine`);
  if (endLine === region.startLine && region.endColumn !== undefined && (region.endColumn as number) < ((region.startColumn as number | undefined) ?? 1)) problems.push(`${at}.endColumn is before startColumn`);
  return problems;
}

function artifactProblems(location: unknown, at: string): string[] {
  if (!isObject(location) || typeof location.uri !== 'string') return [`${at}.uri is required`];
  const uri = location.uri;
  return /^[a-z][a-z0-9+.-]*:|^\/|\\/i.test(uri) ? [`${at}.uri must be relative with forward slashes, got ${uri}`] : [];
}

function resultProblems(result: unknown, at: string, ruleIds: unknown[]): string[] {
  if (!isObject(result)) return [`${at} is not an object`];
  const problems: string[] = [];
  const message = result.message;
  if (!isObject(message) || (typeof message.text !== 'string' && typeof message.id !== 'string')) problems.push(`${at}.message needs text or id`);
  if (typeof result.ruleId !== 'string') problems.push(`${at}.ruleId is required by code scanning`);
  else if (ruleIds.length > 0 && !ruleIds.includes(result.ruleId)) problems.push(`${at}.ruleId ${result.ruleId} is not among the driver's rules`);
  if (result.ruleIndex !== undefined && ruleIds[result.ruleIndex as number] !== result.ruleId) problems.push(`${at}.ruleIndex does not point at rule ${String(result.ruleId)}`);
  if (result.level !== undefined && !LEVELS.includes(result.level as string)) problems.push(`${at}.level ${String(result.level)} is not one of ${LEVELS.join(', ')}`);

  const locations = Array.isArray(result.locations) ? result.locations : [];
  if (locations.length === 0) problems.push(`${at}.locations needs one location for code scanning`);
  for (const [index, location] of locations.entries()) {
    const physical = isObject(location) ? location.physicalLocation : undefined;
    if (!isObject(physical)) {
      problems.push(`${at}.locations[${index}].physicalLocation is required`);
      continue;
    }
    problems.push(...artifactProblems(physical.artifactLocation, `${at}.locations[${index}].physicalLocation.artifactLocation`));
    problems.push(...regionProblems(physical.region, `${at}.locations[${index}].physicalLocation.region`));
  }

  const fingerprints = result.partialFingerprints;
  if (fingerprints !== undefined && (!isObject(fingerprints) || Object.values(fingerprints).some((value) => typeof value !== 'string'))) {
    problems.push(`${at}.partialFingerprints must map names to strings`);
  }

  for (const [index, fix] of (Array.isArray(result.fixes) ? result.fixes : []).entries()) {
    const fixAt = `${at}.fixes[${index}]`;
    const changes = isObject(fix) && Array.isArray(fix.artifactChanges) ? fix.artifactChanges : undefined;
    if (!changes || changes.length === 0) {
      problems.push(`${fixAt}.artifactChanges is required and not empty`);
      continue;
    }
    for (const [changeIndex, change] of changes.entries()) {
      const changeAt = `${fixAt}.artifactChanges[${changeIndex}]`;
      if (!isObject(change)) {
        problems.push(`${changeAt} is not an object`);
        continue;
      }
      problems.push(...artifactProblems(change.artifactLocation, `${changeAt}.artifactLocation`));
      const replacements = Array.isArray(change.replacements) ? change.replacements : [];
      if (replacements.length === 0) problems.push(`${changeAt}.replacements is required and not empty`);
      for (const [replacementIndex, replacement] of replacements.entries()) {
        const replacementAt = `${changeAt}.replacements[${replacementIndex}]`;
        if (!isObject(replacement)) {
          problems.push(`${replacementAt} is not an object`);
          continue;
        }
        problems.push(...regionProblems(replacement.deletedRegion, `${replacementAt}.deletedRegion`));
        const inserted = replacement.insertedContent;
        if (inserted !== undefined && !(isObject(inserted) && typeof inserted.text === 'string')) problems.push(`${replacementAt}.insertedContent.text must be a string`);
      }
    }
  }
  return problems;
}
