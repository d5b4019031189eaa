// Workflow code imports libs as `#libs/<name>` (package.json "imports"). Node resolves those to dist/ at run time;
// the workflow bundler reads the TypeScript sources, so it resolves them through the "aicmo-source" condition.
export function fromSource(config) {
  return { ...config, resolve: { ...config.resolve, conditionNames: ['aicmo-source', '...'] } };
}
