import assert from 'node:assert/strict';

import { compileODataFilter, ODataFilterError } from '../../../sandbox/query/odataFilter';

const principal = { id: 'p1', appId: 'APP-1', displayName: 'Orders API', servicePrincipalNames: ['app-1', '/subscriptions/s/x'] };
const audit = {
  activityDisplayName: 'Add member to group',
  activityDateTime: '2026-12-04T11:56:30Z',
  initiatedBy: { user: { id: 'u1' } },
  targetResources: [{ id: 'u2', type: 'User' }, { id: 'g1', type: 'Group' }],
};

describe('sandbox OData filter subset', function () {
  it('compares strings without case', function () {
    assert.equal(compileODataFilter("appId eq 'app-1'")(principal), true);
    assert.equal(compileODataFilter("appId ne 'app-1'")(principal), false);
    assert.equal(compileODataFilter("startswith(displayName,'orders')")(principal), true);
  });

  it('evaluates lambdas over collections', function () {
    assert.equal(compileODataFilter("servicePrincipalNames/any(c:c eq 'app-1')")(principal), true);
    assert.equal(compileODataFilter("servicePrincipalNames/any(c:c eq 'app-2')")(principal), false);
    assert.equal(compileODataFilter("targetResources/any(t:t/id eq 'g1' and t/type eq 'Group')")(audit), true);
    assert.equal(compileODataFilter("targetResources/all(t:t/type eq 'User')")(audit), false);
  });

  it('compares date-times and nested paths', function () {
    assert.equal(compileODataFilter('activityDateTime ge 2026-12-04T11:00:00Z')(audit), true);
    assert.equal(compileODataFilter('activityDateTime lt 2026-12-04T11:00:00Z')(audit), false);
    assert.equal(compileODataFilter("initiatedBy/user/id eq 'u1' and not (activityDisplayName eq 'x')")(audit), true);
  });

  it('rejects text outside the subset', function () {
    assert.throws(() => compileODataFilter('appId has 1'), ODataFilterError);
    assert.throws(() => compileODataFilter("appId eq 'x' extra"), ODataFilterError);
    assert.throws(() => compileODataFilter('appId eq $now'), ODataFilterError);
  });
});
