import { strict as assert } from 'node:assert';
import { networkChecks } from '../../../src/diagnosis/checks/network';
import type { AccessFacts, VaultFacts } from '../../../src/diagnosis/facts';
import type { CauseCode, Finding } from '../../../src/diagnosis/finding';
import { buildFacts, contextFor, findingsWith, problemCodes, SUBSCRIPTION } from './support/identityNetworkFacts';

const NETWORK_RG = `${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network`;
const VNET = `${NETWORK_RG}/virtualNetworks/vnet-aks-prod`;
const NODES = `${VNET}/subnets/snet-aks-nodes`;
const PE_SUBNET = `${VNET}/subnets/snet-private-endpoints`;
const HUB = `${NETWORK_RG}/virtualNetworks/vnet-hub`;
const PE_ID = `${NETWORK_RG}/privateEndpoints/pe-kv-app-prod`;
const ZONE_ID = `${NETWORK_RG}/privateDnsZones/privatelink.vaultcore.azure.net`;

function run(facts: AccessFacts): Finding[] {
  return networkChecks(contextFor(facts));
}

function only(findings: Finding[], code: CauseCode): Finding {
  const matching = findingsWith(findings, code).filter((finding) => finding.severity !== 'ok');
  assert.equal(matching.length, 1, `${code}: ${JSON.stringify(findings, null, 1)}`);
  return matching[0];
}

/** Builds a vault with public access disabled and an approved private endpoint in the AKS network, with working DNS. */
function privateFacts(change: (facts: AccessFacts) => void = () => undefined): AccessFacts {
  const base = buildFacts();
  const vault: VaultFacts = {
    ...(base.vault as VaultFacts),
    vaultUri: 'https://kv-app-prod.vault.azure.net/',
    publicNetworkAccess: 'Disabled',
    networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
    privateEndpointConnections: [
      { id: `${base.vault?.id}/privateEndpointConnections/pe-kv-app-prod.0e0ecf1e`, privateEndpointId: PE_ID, status: 'Approved', provisioningState: 'Succeeded' },
    ],
  };
  const facts = buildFacts({
    request: { client: 'aks-workload', from: { subnetId: NODES } },
    vault,
    network: {
      privateEndpoints: [{ id: PE_ID, subnetId: PE_SUBNET, ipAddresses: ['10.24.8.4'], status: 'Approved', provisioningState: 'Succeeded' }],
      privateDnsZones: [
        {
          id: ZONE_ID,
          name: 'privatelink.vaultcore.azure.net',
          links: [{ id: `${ZONE_ID}/virtualNetworkLinks/link-vnet-aks-prod`, virtualNetworkId: VNET }],
          aRecords: [{ name: 'kv-app-prod', ipv4Addresses: ['10.24.8.4'] }],
        },
      ],
      virtualNetworks: [
        { id: VNET, subnets: [{ id: NODES, serviceEndpoints: [] }, { id: PE_SUBNET, serviceEndpoints: [] }], peeredVnetIds: [], dnsServers: [] },
        { id: HUB, subnets: [{ id: `${HUB}/subnets/snet-shared`, serviceEndpoints: [] }], peeredVnetIds: [], dnsServers: [] },
      ],
    },
  });
  change(facts);
  return facts;
}

/** Builds a vault with public access enabled and the firewall denying by default. */
function firewallFacts(acls: Partial<NonNullable<VaultFacts['networkAcls']>>, from: AccessFacts['request']['from'], client: AccessFacts['request']['client'] = 'ci-runner'): AccessFacts {
  const facts = privateFacts();
  facts.request.client = client;
  facts.request.from = from;
  const vault = facts.vault as VaultFacts;
  vault.publicNetworkAccess = 'Enabled';
  vault.privateEndpointConnections = [];
  vault.networkAcls = { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [], ...acls };
  return facts;
}

describe('network checks', () => {
  describe('private endpoint path', () => {
    it('passes a healthy private endpoint with only ok findings', () => {
      const findings = run(privateFacts());

      assert.deepEqual(findings.filter((finding) => finding.severity !== 'ok').map((finding) => finding.code), []);
      for (const code of ['network-private-endpoint-state', 'network-private-dns', 'network-public-access-disabled'] as CauseCode[]) {
        assert.equal(findingsWith(findings, code, 'ok').length, 1, code);
      }
    });

    it('offers approval for a pending connection', () => {
      const facts = privateFacts((draft) => (draft.vault!.privateEndpointConnections[0].status = 'Pending'));
      const findings = run(facts);
      const finding = only(findings, 'network-private-endpoint-state');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes[0].spec, { kind: 'private-endpoint-connection-approve', vaultId: facts.vault!.id, connectionName: 'pe-kv-app-prod.0e0ecf1e' });
      assert.deepEqual(problemCodes(findings), ['network-private-endpoint-state']);
    });

    it('says a rejected connection needs a new endpoint', () => {
      const finding = only(run(privateFacts((facts) => (facts.vault!.privateEndpointConnections[0].status = 'Rejected'))), 'network-private-endpoint-state');

      assert.equal(finding.severity, 'blocker');
      assert.equal(finding.fixes.length, 0);
      assert.match(finding.detail, /create a new private endpoint/);
    });

    it('treats failed provisioning as not carrying traffic', () => {
      const finding = only(run(privateFacts((facts) => (facts.vault!.privateEndpointConnections[0].provisioningState = 'Failed'))), 'network-private-endpoint-state');

      assert.equal(finding.severity, 'blocker');
    });

    it('links the zone to the caller network', () => {
      const findings = run(privateFacts((facts) => (facts.network.privateDnsZones[0].links = [])));
      const finding = only(findings, 'network-private-dns');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes[0].spec, { kind: 'private-dns-link-create', zoneId: ZONE_ID, virtualNetworkId: VNET, linkName: 'link-vnet-aks-prod' });
    });

    it('says peering does not share a zone linked to the hub', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.network.privateDnsZones[0].links = [{ id: `${ZONE_ID}/virtualNetworkLinks/link-hub`, virtualNetworkId: HUB }];
          facts.network.virtualNetworks[0].peeredVnetIds = [HUB];
        }),
      );
      const finding = only(findings, 'network-private-dns');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.detail, /peering does not share private DNS zones/);
    });

    it('warns that custom DNS servers cannot be verified', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.network.privateDnsZones[0].links = [{ id: `${ZONE_ID}/virtualNetworkLinks/link-hub`, virtualNetworkId: HUB }];
          facts.network.virtualNetworks[0].dnsServers = ['10.0.0.4'];
        }),
      );

      assert.equal(only(findings, 'network-private-dns').severity, 'warning');
      assert.deepEqual(problemCodes(findings), ['network-private-dns']);
    });

    it('adds a missing A record with the endpoint address', () => {
      const finding = only(run(privateFacts((facts) => (facts.network.privateDnsZones[0].aRecords = []))), 'network-private-dns');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes[0].spec, { kind: 'private-dns-a-record-add', zoneId: ZONE_ID, recordName: 'kv-app-prod', ipv4Address: '10.24.8.4' });
    });

    it('flags an A record pointing elsewhere', () => {
      const finding = only(run(privateFacts((facts) => (facts.network.privateDnsZones[0].aRecords = [{ name: 'kv-app-prod', ipv4Addresses: ['10.24.9.9'] }]))), 'network-private-dns');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.title, /another address/);
      assert.match(finding.fixes[0].note ?? '', /10\.24\.9\.9/);
    });

    it('flags a missing zone', () => {
      const finding = only(run(privateFacts((facts) => (facts.network.privateDnsZones = []))), 'network-private-dns');

      assert.equal(finding.severity, 'blocker');
    });

    it('reports an unread zone as unknown', () => {
      const finding = only(
        run(
          privateFacts((facts) => {
            facts.network.privateDnsZones = [];
            facts.gaps.push({ fact: 'privateDns', error: '403 AuthorizationFailed' });
          }),
        ),
        'network-private-dns',
      );

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['privateDns']);
    });

    it('looks for the US Government zone', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.vault!.vaultUri = 'https://kv-app-prod.vault.usgovcloudapi.net/';
          facts.network.privateDnsZones[0].name = 'privatelink.vaultcore.usgovcloudapi.net';
        }),
      );

      assert.equal(findingsWith(findings, 'network-private-dns', 'ok').length, 1);
    });

    it('keeps broken DNS as info when the public path is open', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.vault!.publicNetworkAccess = 'Enabled';
          facts.vault!.networkAcls!.defaultAction = 'Allow';
          facts.network.privateDnsZones[0].aRecords = [];
        }),
      );

      assert.equal(only(findings, 'network-private-dns').severity, 'info');
      assert.deepEqual(problemCodes(findings), []);
    });
  });

  describe('public access disabled', () => {
    it('blocks a caller whose network has no endpoint', () => {
      const findings = run(privateFacts((facts) => (facts.network.privateEndpoints[0].subnetId = `${HUB}/subnets/snet-shared`)));
      const finding = only(findings, 'network-public-access-disabled');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(
        finding.fixes.map((fix) => fix.spec.kind),
        ['subnet-service-endpoint', 'network-rule-add', 'vault-update'],
        'the vault has private endpoints, so opening the public endpoint comes last',
      );
      assert.equal(only(findings, 'network-not-trusted-service').severity, 'warning');
    });

    it('opens public access first without endpoints', () => {
      const findings = run(privateFacts((facts) => (facts.vault!.privateEndpointConnections = [])));
      const finding = only(findings, 'network-public-access-disabled');

      assert.equal(finding.severity, 'blocker');
      assert.equal(finding.fixes[0].spec.kind, 'vault-update');
    });

    it('offers no public access alone with endpoints', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.network.privateEndpoints[0].subnetId = `${HUB}/subnets/snet-shared`;
          facts.network.virtualNetworks[0].subnets[0].serviceEndpoints = ['Microsoft.KeyVault'];
          facts.vault!.networkAcls!.virtualNetworkRules = [{ id: NODES }];
        }),
      );
      const finding = only(findings, 'network-public-access-disabled');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes, [], 'the subnet is already allowed, so opening the public endpoint alone is offered nowhere');
    });

    for (const [name, change, fact] of [
      ['unreadable private endpoints', (facts: AccessFacts) => {
        facts.network.privateEndpoints = [];
        facts.gaps.push({ fact: 'privateEndpoints', error: 'Reading the private endpoint: 404 ResourceNotFound', status: 404 });
      }, 'privateEndpoints'],
      ['refused private endpoints', (facts: AccessFacts) => {
        facts.network.privateEndpoints = [];
        facts.gaps.push({ fact: 'privateEndpoints', error: 'Reading the private endpoint: 403 AuthorizationFailed', status: 403 });
      }, 'privateEndpoints'],
      ['an unreadable caller network', (facts: AccessFacts) => {
        facts.network.privateEndpoints[0].subnetId = `${HUB}/subnets/snet-shared`;
        facts.network.virtualNetworks = facts.network.virtualNetworks.filter((network) => network.id !== VNET);
        facts.gaps.push({ fact: 'network', error: `Reading the virtual network ${VNET}: 403 AuthorizationFailed`, status: 403 });
      }, 'network'],
    ] as const) {
      it(`is unknown without a fix for ${name}`, () => {
        const findings = run(privateFacts(change));
        const finding = only(findings, 'network-public-access-disabled');

        assert.equal(finding.severity, 'unknown');
        assert.deepEqual(finding.missing, [fact]);
        assert.deepEqual(finding.fixes, []);
        assert.deepEqual(findingsWith(findings, 'network-public-access-disabled', 'blocker'), []);
        assert.ok(findings.every((each) => each.fixes.every((fix) => fix.spec.kind !== 'vault-update')), 'no finding opens the public endpoint');
      });
    }

    it('leaves a missing zone link undecided when zones are unread', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.network.privateDnsZones[0].links = [];
          facts.gaps.push({ fact: 'privateDns', error: 'Reading the links and A records of another zone: 403 AuthorizationFailed', status: 403 });
        }),
      );
      const finding = only(findings, 'network-private-dns');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['privateDns']);
      assert.deepEqual(finding.fixes, []);
    });

    it('leaves the firewall undecided when endpoints are unread', () => {
      const facts = privateFacts((each) => {
        each.vault!.publicNetworkAccess = 'Enabled';
        each.network.privateEndpoints = [];
        each.gaps.push({ fact: 'privateEndpoints', error: 'Reading the private endpoint: 403 AuthorizationFailed', status: 403 });
      });
      const finding = only(run(facts), 'network-firewall');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['privateEndpoints']);
      assert.deepEqual(finding.fixes, []);
    });

    it('notes ip rules that have no effect', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.vault!.privateEndpointConnections = [];
          facts.vault!.networkAcls!.ipRules = ['203.0.113.0/24'];
        }),
      );

      assert.equal(only(findings, 'network-rules-ignored').severity, 'info');
    });

    it('warns when an ignored rule matches the caller', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.vault!.privateEndpointConnections = [];
          facts.vault!.networkAcls!.virtualNetworkRules = [{ id: NODES.toLowerCase() }];
        }),
      );

      assert.equal(only(findings, 'network-rules-ignored').severity, 'warning');
      assert.equal(only(findings, 'network-public-access-disabled').severity, 'blocker');
    });

    it('is unknown when the origin is unknown and endpoints exist', () => {
      const finding = only(run(privateFacts((facts) => (facts.request.from = undefined))), 'network-public-access-disabled');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['origin']);
    });

    it('leaves a security perimeter unknown', () => {
      const facts = firewallFacts({ defaultAction: 'Allow' }, { publicIp: '203.0.113.41' });
      facts.vault!.publicNetworkAccess = 'SecuredByPerimeter';
      const finding = only(run(facts), 'network-public-access-disabled');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['network']);
    });

    it('admits a trusted service through the bypass', () => {
      const findings = run(
        privateFacts((facts) => {
          facts.request.client = 'azure-service';
          facts.request.from = undefined;
          facts.vault!.privateEndpointConnections = [];
        }),
      );

      assert.equal(findingsWith(findings, 'network-not-trusted-service', 'ok').length, 1);
      assert.deepEqual(problemCodes(findings), []);
    });
  });

  describe('firewall', () => {
    it('allows an address inside an ip rule range', () => {
      const findings = run(firewallFacts({ ipRules: ['198.51.100.0/24'] }, { publicIp: '198.51.100.23' }));

      assert.equal(findingsWith(findings, 'network-firewall', 'ok').length, 1);
      assert.deepEqual(problemCodes(findings), []);
    });

    it('blocks an address outside the rules and adds it', () => {
      const facts = firewallFacts({ ipRules: ['198.51.100.0/24'] }, { publicIp: '203.0.113.41' });
      const findings = run(facts);
      const finding = only(findings, 'network-firewall');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes[0].spec, {
        kind: 'network-rule-add',
        vaultId: facts.vault!.id,
        ipAddress: '203.0.113.41/32',
        currentNetworkAcls: facts.vault!.networkAcls,
      });
      assert.equal(only(findings, 'network-not-trusted-service').severity, 'warning');
    });

    it('allows a ruled subnet with the service endpoint', () => {
      const facts = firewallFacts({ virtualNetworkRules: [{ id: NODES.toLowerCase() }] }, { subnetId: NODES }, 'aks-workload');
      facts.network.virtualNetworks[0].subnets[0].serviceEndpoints = ['Microsoft.KeyVault'];

      assert.equal(findingsWith(run(facts), 'network-firewall', 'ok').length, 1);
    });

    it('adds the service endpoint to a ruled subnet', () => {
      const facts = firewallFacts({ virtualNetworkRules: [{ id: NODES.toLowerCase() }] }, { subnetId: NODES }, 'aks-workload');
      facts.network.virtualNetworks[0].subnets[0].serviceEndpoints = ['Microsoft.Storage'];
      const finding = only(run(facts), 'network-firewall');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(finding.fixes.map((fix) => fix.spec), [{ kind: 'subnet-service-endpoint', subnetId: NODES, existingServiceEndpoints: ['Microsoft.Storage'] }]);
    });

    it('adds the rule and the endpoint for an unknown subnet', () => {
      const facts = firewallFacts({}, { subnetId: NODES }, 'aks-workload');
      const finding = only(run(facts), 'network-firewall');

      assert.equal(finding.severity, 'blocker');
      assert.deepEqual(
        finding.fixes.map((fix) => fix.spec.kind),
        ['subnet-service-endpoint', 'network-rule-add'],
      );
    });

    it('is unknown without an origin', () => {
      const finding = only(run(firewallFacts({ ipRules: ['198.51.100.0/24'] }, undefined)), 'network-firewall');

      assert.equal(finding.severity, 'unknown');
      assert.deepEqual(finding.missing, ['origin']);
    });

    it('is unknown when a subnet leaves through an unknown address', () => {
      const finding = only(run(firewallFacts({ ipRules: ['198.51.100.0/24'] }, { subnetId: NODES }, 'aks-workload')), 'network-firewall');

      assert.equal(finding.severity, 'unknown');
    });

    it('uses the cluster node subnets as the origin', () => {
      const facts = firewallFacts({ virtualNetworkRules: [{ id: NODES }] }, { clusterId: `${SUBSCRIPTION}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod` }, 'aks-workload');
      facts.cluster = { id: facts.request.from!.clusterId!, name: 'aks-prod', nodeSubnetIds: [NODES] };
      facts.network.virtualNetworks[0].subnets[0].serviceEndpoints = ['Microsoft.KeyVault'];

      assert.equal(findingsWith(run(facts), 'network-firewall', 'ok').length, 1);
    });

    it('allows everything with defaultAction Allow', () => {
      const findings = run(firewallFacts({ defaultAction: 'Allow' }, { publicIp: '203.0.113.41' }));

      assert.equal(findingsWith(findings, 'network-firewall', 'ok').length, 1);
      assert.equal(findingsWith(findings, 'network-public-access-disabled', 'ok').length, 1);
      assert.deepEqual(problemCodes(findings), []);
    });
  });

  describe('pasted errors', () => {
    it('turns ForbiddenByFirewall into a blocker', () => {
      const facts = firewallFacts({ defaultAction: 'Allow' }, undefined);
      facts.request.observedError = JSON.stringify({
        error: { code: 'Forbidden', message: 'Client address is not authorized and caller is not a trusted service.\r\nClient address: 20.61.10.7\r\nVault: kv-app-prod;location=westeurope', innererror: { code: 'ForbiddenByFirewall' } },
      });
      const finding = only(run(facts), 'network-firewall');

      assert.equal(finding.severity, 'blocker');
      assert.equal(finding.fixes[0].spec.kind === 'network-rule-add' && finding.fixes[0].spec.ipAddress, '20.61.10.7/32');
    });

    it('turns ForbiddenByConnection into a blocker', () => {
      const facts = firewallFacts({ defaultAction: 'Allow' }, { publicIp: '203.0.113.41' });
      facts.request.observedError =
        '{"error":{"code":"Forbidden","message":"Connection is not an approved private link and caller was ignored because bypass is not set to \'AzureServices\' and PublicNetworkAccess is set to \'Disabled\'.","innererror":{"code":"ForbiddenByConnection"}}}';
      const findings = run(facts);
      const finding = only(findings, 'network-public-access-disabled');

      assert.equal(finding.severity, 'blocker');
      assert.match(finding.detail, /bypass is not AzureServices/);
      assert.equal(findingsWith(findings, 'network-public-access-disabled', 'ok').length, 0);
    });

    it('trusts an authorization error over an unknown origin', () => {
      const facts = firewallFacts({ ipRules: ['198.51.100.0/24'] }, undefined);
      facts.request.observedError = '{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.","innererror":{"code":"ForbiddenByRbac"}}}';
      const findings = run(facts);

      assert.equal(findingsWith(findings, 'network-firewall', 'ok').length, 1);
      assert.deepEqual(findings.filter((finding) => finding.severity === 'unknown'), []);
    });

    it('downgrades a facts-only block after an authorization error', () => {
      const facts = firewallFacts({}, { publicIp: '203.0.113.41' });
      facts.request.observedError = '{"error":{"code":"Forbidden","message":"Operation get is not allowed on a disabled secret.","innererror":{"code":"SecretDisabled"}}}';

      assert.equal(only(run(facts), 'network-firewall').severity, 'warning');
    });
  });

  it('is unknown without the vault', () => {
    const facts = buildFacts({ vault: undefined, gaps: [{ fact: 'vault', error: '403 AuthorizationFailed' }] });
    const finding = only(run(facts), 'network-firewall');

    assert.equal(finding.severity, 'unknown');
    assert.match(finding.detail, /AuthorizationFailed/);
  });
});
