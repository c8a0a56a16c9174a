// Azure Pipelines logging commands (`##vso[task.logissue …]`): shown as errors on the run when the
// CLI runs in a pipeline (TF_BUILD set).

function escapeData(text: string): string {
  return text.replaceAll('%', '%AZP25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function isAzurePipelines(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.TF_BUILD);
}

export function azureDevOpsError(message: string): string {
  return `##vso[task.logissue type=error]${escapeData(message)}`;
}
