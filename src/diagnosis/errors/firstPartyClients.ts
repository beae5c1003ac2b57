/**
 * Microsoft's own public client applications that users sign in through. A token whose `appid` is
 * one of them was issued to a signed-in user, so its `oid` is the user's object id and no workload
 * configuration names the client id.
 *
 * Sources: the Azure Stack Hub documentation "Use the Azure Stack Hub API"
 * (learn.microsoft.com/azure-stack/operator/azure-stack-rest-api-use) lists the application ids
 * of Azure PowerShell, Visual Studio and the Azure CLI; VS Code's built-in Microsoft
 * authentication provider (microsoft/vscode, extensions/microsoft-authentication) signs in with
 * the VS Code application id by default.
 */

export interface FirstPartyClient {
  /** The tool's name, such as "the Azure CLI". */
  name: string;
  /** The sign-in command or setting of the tool, such as "`az login`". */
  signIn: string;
}

const FIRST_PARTY_CLIENTS: Readonly<Record<string, FirstPartyClient>> = {
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': { name: 'the Azure CLI', signIn: '`az login`' },
  '1950a258-227b-4e31-a9cf-717495945fc2': { name: 'Azure PowerShell', signIn: '`Connect-AzAccount`' },
  'aebc6443-996d-45c2-90f0-388ff96faa56': { name: 'Visual Studio Code', signIn: 'the Azure sign-in of Visual Studio Code' },
  '872cd9fa-d31f-45e0-9eab-6e460a02d1f1': { name: 'Visual Studio', signIn: 'the Azure account of Visual Studio' },
};

/** Returns the Microsoft tool a client id belongs to, or undefined for any other id. */
export function firstPartyClient(clientId: string | undefined): FirstPartyClient | undefined {
  return clientId ? FIRST_PARTY_CLIENTS[clientId.toLowerCase()] : undefined;
}
