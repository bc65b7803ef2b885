// Headway on Azure: everything the bot needs, with no secrets in settings or templates.
// The bot's identity is a user-assigned managed identity (BOT_TYPE=UserAssignedMsi): the Azure Bot
// authenticates with it, and the app reaches Cosmos DB with it through DefaultAzureCredential
// (Cosmos local key auth is disabled, so no key exists). The one secret, ANONYMITY_KEY (it keys
// people in anonymous reviews and must never be in the store), is generated at the first
// provision by a deployment script into Key Vault and read through a Key Vault reference.

@maxLength(20)
@minLength(4)
@description('Used to name every resource in this file')
param resourceBaseName string

@description('App Service plan SKU (B1 and above support always on)')
param webAppSku string = 'B1'

@maxLength(42)
param botDisplayName string

@description('serverless (default) or autoscale (provisioned throughput that scales between 10% and 100% of cosmosMaxThroughput)')
@allowed(['serverless', 'autoscale'])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale only: the highest RU/s the container may reach')
@minValue(1000)
param cosmosMaxThroughput int = 1000

@description('AAD object ids of the first coordinators, comma-separated (optional)')
param coordinators string = ''

param location string = resourceGroup().location

var databaseName = 'headway'
// The one container (src/store/cosmos.ts COSMOS_CONTAINER); every document carries its partition key in /pk.
var containerName = 'documents'
// Cosmos DB Built-in Data Contributor (data plane).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'
// Key Vault Secrets User (the bot reads the key) and Secrets Officer (the script writes it once).
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var vaultName = take('kv${uniqueString(resourceGroup().id, resourceBaseName)}', 24)
var anonymitySecretName = 'anonymity-key'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: resourceBaseName
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: resourceBaseName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: workspace.id
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: toLower(resourceBaseName)
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: false }
    ]
    capabilities: cosmosCapacityMode == 'serverless' ? [ { name: 'EnableServerless' } ] : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: { paths: ['/pk'], kind: 'Hash' }
      indexingPolicy: { indexingMode: 'consistent', automatic: true }
    }
    options: cosmosCapacityMode == 'autoscale' ? { autoscaleSettings: { maxThroughput: cosmosMaxThroughput } } : {}
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Losing the key un-anonymises nothing, but people could no longer see or change their own anonymous answers: keep it recoverable.
    enablePurgeProtection: true
  }
}

resource botReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, secretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A separate identity that may write secrets, used only by the script below.
resource keyMaker 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-keymaker'
  location: location
}

resource keyMakerWritesSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, keyMaker.id, secretsOfficerRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    principalId: keyMaker.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Generates the key only when the vault has none: provisioning again never replaces it (a new key
// would orphan every anonymous answer). Not a parameter defaulting to a fresh GUID: that changes on every deploy.
resource anonymityKey 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: '${resourceBaseName}-anonymity-key'
  location: location
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${keyMaker.id}': {} }
  }
  properties: {
    azCliVersion: '2.61.0'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
    environmentVariables: [
      { name: 'VAULT', value: vault.name }
      { name: 'KEY_NAME', value: anonymitySecretName }
    ]
    scriptContent: 'az keyvault secret show --vault-name "$VAULT" --name "$KEY_NAME" --query id -o none 2>/dev/null || az keyvault secret set --vault-name "$VAULT" --name "$KEY_NAME" --value "$(openssl rand -base64 48)" --query id -o none'
  }
  dependsOn: [keyMakerWritesSecrets]
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: { name: webAppSku }
  properties: { reserved: true }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    // Key Vault references in the settings are read with the bot's identity.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        // The deploy zip holds the sources without node_modules: App Service installs and builds on
        // Linux (npm ci, npm run build), so better-sqlite3's native module matches the host.
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_TENANT_ID', value: identity.properties.tenantId }
        { name: 'BOT_TYPE', value: 'UserAssignedMsi' }
        // Only the network's own tenant may use the bot, even though the registration could let any in.
        { name: 'ALLOWED_TENANTS', value: tenant().tenantId }
        // DefaultAzureCredential picks the user-assigned identity by its client id.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'STORE', value: 'cosmos' }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: databaseName }
        { name: 'PUBLIC_URL', value: 'https://${resourceBaseName}.azurewebsites.net' }
        { name: 'COORDINATORS', value: coordinators }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'ANONYMITY_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${anonymitySecretName})' }
      ]
    }
  }
  dependsOn: [anonymityKey, botReadsSecrets]
}

module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botDisplayName: botDisplayName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
  }
}

// The toolkit writes these back into env/.env.<environment>.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
output APPLICATIONINSIGHTS_RESOURCE_ID string = appInsights.id
