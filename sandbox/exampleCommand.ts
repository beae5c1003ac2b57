/**
 * The `kv-doctor diagnose` line that diagnoses the scenario's question against a running sandbox, for the
 * sandbox command to print beside the sign-in values.
 */
import type { ScenarioQuestion } from '../src/scenario/types';

/** Quotes a value for POSIX shells (bash, sh): single quotes, with each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Builds the live-form command for the question: the vault, its caller (identity, object id or
 * client id, as the scenario names it), the operations and objects, and the sandbox's endpoint
 * and CA file. Every value is quoted for bash.
 */
export function diagnoseCommandLine(question: ScenarioQuestion, armEndpoint: string, caFile: string): string {
  const words = ['npx', 'kv-doctor', 'diagnose', '--vault', shellQuote(question.vault)];

  if (question.caller.identity) {
    words.push('--identity', shellQuote(question.caller.identity));
  } else if (question.caller.objectId) {
    words.push('--object-id', shellQuote(question.caller.objectId));
  } else if (question.caller.clientId) {
    words.push('--client-id', shellQuote(question.caller.clientId));
  }
  if (question.operations.length > 0) {
    words.push('--operations', shellQuote(question.operations.join(',')));
  }
  if (question.objects && question.objects.length > 0) {
    words.push('--objects', shellQuote(question.objects.join(',')));
  }
  words.push('--arm-endpoint', shellQuote(armEndpoint), '--ca', shellQuote(caFile));
  return words.join(' ');
}
