/**
 * Generated catalogues for the benchmark: N services, two environments each (staging, then
 * production behind an approval), sources rotating over connection / CodeCommit / S3, every third
 * service built FROM a base image, some with build and environment secrets. Deterministic.
 */
export function benchCatalogue(services: number): string {
  const lines = [
    "version: 1",
    "organisation: bench",
    "region: eu-west-1",
    "tags: { owner: platform-team }",
    "network:",
    "  vpcId: vpc-0a1b2c3d4e5f67890",
    "  instanceSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]",
    "  loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]",
    "connections:",
    "  github: { provider: GitHub }",
    "baseImages:",
    "  ruby-base:",
    "    source: { connection: github, repository: bench/ruby-base }",
    "  node-base:",
    "    source: { connection: github, repository: bench/node-base }",
    "services:",
  ];
  for (let i = 0; i < services; i++) {
    const name = `svc-${String(i).padStart(4, "0")}`;
    lines.push(`  ${name}:`);
    switch (i % 3) {
      case 0:
        lines.push(
          `    source: { connection: github, repository: bench/${name} }`,
        );
        break;
      case 1:
        lines.push(`    source: { codecommit: { repository: ${name} } }`);
        break;
      default:
        lines.push(
          `    source: { s3: { bucket: bench-sources, key: ${name}.zip } }`,
        );
    }
    if (i % 3 === 0)
      lines.push(`    baseImage: ${i % 2 === 0 ? "ruby-base" : "node-base"}`);
    if (i % 4 === 0)
      lines.push(
        `    build: { secrets: { TOKEN: "ssm:/${name}/token" }, variables: { MODE: release } }`,
      );
    lines.push(
      "    environments:",
      "      staging:",
      "        variables: { STAGE: staging }",
      "      production:",
      "        approval: true",
      "        minInstances: 2",
      "        maxInstances: 4",
      ...(i % 5 === 0
        ? [
            `        secrets: { DB_PASSWORD: "secretsmanager:${name}/db:password" }`,
          ]
        : []),
    );
  }
  return `${lines.join("\n")}\n`;
}
