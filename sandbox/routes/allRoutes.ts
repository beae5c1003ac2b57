/**
 * Every sandbox route in match order: specific routes first, the generic ARM resource route last
 * because its pattern matches any path that contains `/providers/`.
 */
import type { Route } from '../http/route';
import { accessPolicyRoutes } from './accessPolicies';
import { denyAssignmentRoutes } from './denyAssignments';
import { entraRoutes } from './entra';
import { genericResourceRoutes } from './genericResources';
import { graphRoutes } from './graph';
import { logAnalyticsRoutes } from './logAnalytics';
import { managementGroupRoutes } from './managementGroups';
import { privateEndpointConnectionRoutes } from './privateEndpointConnections';
import { resourceGraphRoutes } from './resourceGraph';
import { roleAssignmentRoutes } from './roleAssignments';
import { roleDefinitionRoutes } from './roleDefinitions';
import { subscriptionRoutes } from './subscriptions';

export const ALL_ROUTES: readonly Route[] = [
  ...entraRoutes,
  ...graphRoutes,
  ...logAnalyticsRoutes,
  ...subscriptionRoutes,
  ...managementGroupRoutes,
  ...resourceGraphRoutes,
  ...roleAssignmentRoutes,
  ...roleDefinitionRoutes,
  ...denyAssignmentRoutes,
  ...accessPolicyRoutes,
  ...privateEndpointConnectionRoutes,
  ...genericResourceRoutes,
];
