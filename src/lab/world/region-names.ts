// Azure regions by their two names: the programmatic name ARM uses in `location` (`westeurope`)
// and the display name services such as Traffic Manager write back (`West Europe`), as
// `az account list-locations` pairs them; and the short names the lab builds its resource names from
// (`rg-aksdr-weu`, `aks-weu`).
const displayNames: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  eastus: 'East US',
  eastus2: 'East US 2',
  westus: 'West US',
  westus2: 'West US 2',
  centralus: 'Central US',
  uksouth: 'UK South',
  swedencentral: 'Sweden Central',
  germanywestcentral: 'Germany West Central',
  francecentral: 'France Central',
};

/** `westeurope` → `West Europe`; a region the table lacks keeps its programmatic name. */
export function regionDisplayName(region: string): string {
  return displayNames[region.toLowerCase()] ?? region;
}

/** `westeurope` → `weu`. */
const regionShortNames: Record<string, string> = { westeurope: 'weu', northeurope: 'neu', eastus: 'eus', westus: 'wus', eastus2: 'eus2' };
export function shortRegionName(region: string): string {
  return regionShortNames[region] ?? region.replace(/[^a-z0-9]/g, '').slice(0, 8);
}
