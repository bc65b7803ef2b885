// The Azure Bot: authenticates as the user-assigned managed identity and has the Teams channel.

@maxLength(20)
@minLength(4)
param resourceBaseName string

@maxLength(42)
param botDisplayName string

param botServiceSku string = 'F0'
param identityClientId string
param identityResourceId string
param identityTenantId string
param botAppDomain string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: botServiceSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
