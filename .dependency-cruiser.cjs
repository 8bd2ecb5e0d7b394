/**
 * The dependency arrows of ../shared/STYLE.md, enforced: `npm run lint` fails when an
 * import points the wrong way. Type-only imports of src/deps.ts are how surfaces receive
 * their dependencies, so they are allowed everywhere.
 */
const forbid = (name, from, to, comment) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: { path: to, pathNot: "^src/deps\\.ts$", dependencyTypesNot: ["type-only"] },
});

module.exports = {
  forbidden: [
    forbid("nothing-imports-entry-points", "^src/(?!cli/)", "^src/(main\\.ts|cli/)", "main.ts and cli/ are composition roots"),
    forbid("nothing-imports-main", "^src/", "^src/main\\.ts$", "main.ts is the composition root"),
    forbid("domain-is-pure", "^src/domain/", "^src/(slack|jobs|sources|cli|config/load-config|charts|i18n)", "domain/ knows no Slack, jobs, sources or wording"),
    forbid("slack-layer", "^src/slack/", "^src/(jobs|sources|db)/", "slack/ calls domain services"),
    forbid("jobs-layer", "^src/jobs/", "^src/slack/(commands|actions|views|events|shortcuts)/", "jobs publish through slack/publish"),
    forbid("sources-layer", "^src/sources/", "^src/(slack|jobs|db)/", "sources only turn API data into observations"),
    forbid("leaf-modules", "^src/(config|db|i18n|charts)/", "^src/(slack|jobs|sources|domain)/", "config, db, i18n, charts depend only on shared/"),
    forbid("shared-is-leaf", "^src/shared/", "^src/(?!shared/)", "shared/ imports nothing from src/"),
    {
      name: "only-slack-imports-slack",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/slack/" },
      to: { path: "node_modules/@slack/" },
    },
    {
      name: "only-jobs-import-node-cron",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/jobs/" },
      to: { path: "node_modules/node-cron/" },
    },
    {
      name: "only-config-reads-env",
      comment: "checked by test/guards/process-env.test.ts (dependency-cruiser cannot see property access)",
      severity: "info",
      from: {},
      to: { path: "^$" },
    },
    { name: "no-circular", severity: "error", from: { path: "^src/" }, to: { circular: true, dependencyTypesNot: ["type-only"] } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
