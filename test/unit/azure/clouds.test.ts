import * as assert from 'node:assert/strict';
import { armScope, cloudByName, cloudFromMetadata, CLOUDS, customCloud, graphScope, isLoopbackUrl } from '../../../src/azure/clouds';
import { needsNoInstanceDiscovery } from '../../../src/azure/credentials';

describe('clouds', () => {
  it('finds global clouds by name and alias', () => {
    assert.equal(cloudByName('AzureCloud').armEndpoint, 'https://management.azure.com');
    assert.equal(cloudByName('usgov').privateLinkZone, 'privatelink.vaultcore.usgovcloudapi.net');
    assert.equal(cloudByName(' AzureChinaCloud ').keyVaultDnsSuffix, 'vault.azure.cn');
  });

  it('rejects an unknown cloud name', () => {
    assert.throws(() => cloudByName('AzureGermanCloud'), /Unknown cloud "AzureGermanCloud"/);
  });

  it('builds scopes from audiences', () => {
    assert.equal(armScope(CLOUDS.AzureCloud), 'https://management.azure.com/.default');
    assert.equal(graphScope(CLOUDS.AzureChinaCloud), 'https://microsoftgraph.chinacloudapi.cn/.default');
  });

  it('builds a custom cloud from explicit values', () => {
    const cloud = customCloud({ armEndpoint: 'https://127.0.0.1:8443/', authorityHost: 'https://127.0.0.1:8443' });

    assert.equal(cloud.armEndpoint, 'https://127.0.0.1:8443');
    assert.equal(cloud.armAudience, 'https://127.0.0.1:8443');
    assert.equal(cloud.graphEndpoint, 'https://127.0.0.1:8443/graph');
    assert.equal(armScope(cloud), 'https://127.0.0.1:8443/.default');
  });

  it('rejects a plain http endpoint', () => {
    assert.throws(() => customCloud({ armEndpoint: 'http://127.0.0.1:8443', authorityHost: 'https://127.0.0.1:8443' }), /only over https/);
    assert.throws(() => customCloud({ armEndpoint: 'not a url', authorityHost: 'https://127.0.0.1' }), /Invalid armEndpoint "not a url"/);
  });

  it('reads the 2015-01-01 metadata shape', () => {
    const cloud = cloudFromMetadata('https://management.local.azurestack.external', {
      galleryEndpoint: 'https://adminportal.local.azurestack.external:30015/',
      graphEndpoint: 'https://graph.windows.net/',
      authentication: { loginEndpoint: 'https://adfs.local.azurestack.external/adfs/', audiences: ['https://management.adfs.azurestack.local/5b9a2f0e'] },
    });

    assert.equal(cloud.authorityHost, 'https://adfs.local.azurestack.external/adfs');
    assert.equal(cloud.armAudience, 'https://management.adfs.azurestack.local/5b9a2f0e');
    assert.equal(cloud.armEndpoint, 'https://management.local.azurestack.external');
  });

  it('reads the 2022-09-01 metadata array', () => {
    const cloud = cloudFromMetadata('https://management.usgovcloudapi.net/', [
      { name: 'AzureCloud', resourceManager: 'https://management.azure.com/', authentication: { loginEndpoint: 'https://login.microsoftonline.com', audiences: ['https://management.core.windows.net/'] } },
      {
        name: 'AzureUSGovernment',
        resourceManager: 'https://management.usgovcloudapi.net/',
        microsoftGraphResourceId: 'https://graph.microsoft.us/',
        authentication: { loginEndpoint: 'https://login.microsoftonline.us', audiences: ['https://management.core.usgovcloudapi.net/'] },
        suffixes: { keyVaultDns: 'vault.usgovcloudapi.net' },
      },
    ]);

    assert.equal(cloud.name, 'AzureUSGovernment');
    assert.equal(cloud.graphEndpoint, 'https://graph.microsoft.us');
    assert.equal(cloud.keyVaultDnsSuffix, 'vault.usgovcloudapi.net');
    assert.equal(cloud.armAudience, 'https://management.core.usgovcloudapi.net');
  });

  it('rejects metadata without a login endpoint', () => {
    assert.throws(() => cloudFromMetadata('https://arm.example', { authentication: {} }), /no authentication.loginEndpoint/);
  });

  it('turns instance discovery off for unknown hosts', () => {
    assert.equal(needsNoInstanceDiscovery('https://127.0.0.1:8443'), true);
    assert.equal(needsNoInstanceDiscovery('https://sandbox.invalid'), true);
    assert.equal(needsNoInstanceDiscovery('https://login.microsoftonline.com'), false);
    assert.equal(needsNoInstanceDiscovery('https://login.chinacloudapi.cn/'), false);
    assert.equal(isLoopbackUrl('https://localhost:9000'), true);
  });
});
