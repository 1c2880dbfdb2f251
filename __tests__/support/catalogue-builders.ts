/**
 * Test support: a typed Catalogue from plain defaults, each part overridable, for plan tests
 * (no YAML) and stack tests (no loader).
 */
import type {
  BaseImage,
  Catalogue,
  Environment,
  Service,
} from "../../config/catalogue";
import { imageSettings } from "./builders";

export const BUILD: Service["build"] = {
  computeType: "BUILD_GENERAL1_SMALL",
  image: "aws/codebuild/standard:7.0",
  privileged: true,
  timeoutMinutes: 30,
  variables: {},
  secrets: {},
  cache: "none",
};

/** A Beanstalk environment `name` with the catalogue's defaults. */
export function beanstalkEnvironment(
  name: string,
  overrides: Partial<Extract<Environment, { kind: "beanstalk" }>> = {},
): Environment {
  return {
    name,
    kind: "beanstalk",
    approval: false,
    instanceTypes: ["t3.small"],
    minInstances: 1,
    maxInstances: 2,
    deploymentPolicy: "Rolling",
    healthCheckPath: "/",
    stickiness: false,
    maintenanceWindow: "Sun:02:00",
    updateLevel: "minor",
    variables: {},
    secrets: {},
    network: { loadBalancerScheme: "public" },
    ...overrides,
  };
}

/** A live base image `name` built from its CodeCommit repository. */
export function baseImage(
  name: string,
  overrides: Partial<BaseImage> = {},
): BaseImage {
  return {
    name,
    retired: false,
    source: { kind: "codecommit", repository: name, branch: "main" },
    build: BUILD,
    image: imageSettings(),
    ...overrides,
  };
}

/** A live service `name` with one web process and no environments. */
export function service(
  name: string,
  overrides: Partial<Service> = {},
): Service {
  return {
    ...baseImage(name),
    port: 8080,
    processes: [{ name: "web", http: true }],
    environments: [],
    ...overrides,
  };
}

/** Organisation acme in eu-west-1, local state, nothing else unless given. */
export function catalogue(overrides: Partial<Catalogue> = {}): Catalogue {
  return {
    organisation: "acme",
    region: "eu-west-1",
    tags: {},
    connections: [],
    baseImages: [],
    clusters: [],
    services: [],
    ...overrides,
  };
}
