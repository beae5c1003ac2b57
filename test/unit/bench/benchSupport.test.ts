import assert from 'node:assert/strict';
import { timelineOf } from '../../../bench/diagnosis/timeline';
import { parseOptions, SECTIONS } from '../../../bench/options';
import { SeededRandom } from '../../../bench/random';
import { formatFigure, formatRatio, passes, ratioOf, type Figure } from '../../../bench/report';
import { generateTenant, tenantScenario } from '../../../bench/tenant/generate';
import type { RequestRecord } from '../../../sandbox';

function record(endIso: string, durationMs: number): RequestRecord {
  return { time: endIso, method: 'GET', path: '/x', rawQuery: '', query: {}, status: 200, durationMs, transport: 'https' };
}

describe('bench timeline', () => {
  it('merges overlapping requests', () => {
    const start = Date.parse('2026-12-04T12:00:00.000Z');
    const timeline = timelineOf([record('2026-12-04T12:00:00.110Z', 100), record('2026-12-04T12:00:00.150Z', 100), record('2026-12-04T12:00:00.300Z', 100)], start, start + 320);

    assert.equal(timeline.busyMs, 240);
    assert.equal(timeline.idleMs, 80);
    assert.equal(timeline.firstRequestMs, 10);
  });

  it('counts the whole run as idle without requests', () => {
    const timeline = timelineOf([], 1000, 1050);

    assert.equal(timeline.busyMs, 0);
    assert.equal(timeline.idleMs, 50);
  });
});

describe('bench options', () => {
  it('defaults to every section at 100 ms', () => {
    const options = parseOptions([]);

    assert.equal(options.quick, false);
    assert.equal(options.latencyMs, 100);
    assert.deepEqual(options.sections, [...SECTIONS]);
  });

  it('reads quick, latency and only', () => {
    const options = parseOptions(['--quick', '--latency', '250', '--only', 'engine,extension']);

    assert.equal(options.quick, true);
    assert.equal(options.latencyMs, 250);
    assert.deepEqual(options.sections, ['engine', 'extension']);
  });

  it('rejects invalid values with the fix', () => {
    assert.throws(() => parseOptions(['--latency', '0']), /Invalid --latency 0/);
    assert.throws(() => parseOptions(['--only', 'network']), /Unknown section network/);
    assert.throws(() => parseOptions(['--latency']), /Missing value for --latency/);
    assert.throws(() => parseOptions(['--fast']), /Unknown option --fast/);
  });
});

describe('bench figures', () => {
  const figure = (value: number, kind: 'max' | 'min', limit: number): Figure => ({ section: 's', name: 'n', value, unit: 'ms', target: { kind, limit } });

  it('compares against max and min targets', () => {
    assert.equal(passes(figure(10, 'max', 10)), true);
    assert.equal(passes(figure(11, 'max', 10)), false);
    assert.equal(passes(figure(9, 'min', 10)), false);
    assert.equal(passes({ section: 's', name: 'n', value: 1, unit: '' }), undefined);
  });

  it('ratios a zero target', () => {
    assert.equal(ratioOf(figure(0, 'max', 0)), 0);
    assert.equal(ratioOf(figure(2, 'max', 0)), Infinity);
  });

  it('ends each line in the ratio', () => {
    const line = formatFigure(figure(150, 'max', 100));

    assert.match(line, /\[target <= 100: FAIL\]/);
    assert.match(line, /\| ratio 1\.50$/);
    assert.equal(formatRatio(0.00083), '0.00083');
    assert.equal(formatRatio(undefined), '-');
  });
});

describe('bench generated tenant', () => {
  const size = { subscriptions: 5, vaults: 40, identities: 20, groups: 3, users: 4 };

  it('is the same for the same seed', () => {
    assert.deepEqual(generateTenant(size, 7), generateTenant(size, 7));
    assert.notDeepEqual(generateTenant(size, 7).vaults, generateTenant(size, 8).vaults);
  });

  it('has the requested counts', () => {
    const tenant = generateTenant(size, 7);
    const scenario = tenantScenario(tenant);

    assert.equal(scenario.tenant.subscriptions.length, 5);
    assert.equal(scenario.tenant.resources.filter((resource) => resource.type === 'Microsoft.KeyVault/vaults').length, 40);
    assert.equal(scenario.tenant.resources.filter((resource) => resource.type === 'Microsoft.ManagedIdentity/userAssignedIdentities').length, 20);
    assert.equal(scenario.directory.principals.length, 20 + 3 + 4);
    assert.equal(new Set(tenant.vaults.map((vault) => vault.name)).size, 40);
  });

  it('draws GUID-shaped ids', () => {
    assert.match(new SeededRandom(1).guid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
