/**
 * Loopback fakes of the external systems provisioning talks to, for tests (this package's
 * and the scaffolder's) and the benchmark. Each records its calls and can be told to fail.
 */
export * from './FakeHttpServer';
export * from './FakeGithub';
export * from './FakeGithubAccounts';
export * from './FakeGithubOAuth';
export * from './FakeGithubApp';
export * from './GitRepositories';
export * from './FakeGraph';
export * from './FakeAzureDevOps';
export * from './FakeSonarCloud';
export * from './startFakes';
