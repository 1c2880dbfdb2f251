import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { DataAwsCodestarconnectionsConnection } from "@cdktf/provider-aws/lib/data-aws-codestarconnections-connection";
import type { Construct } from "constructs";
import type { Catalogue, Connection } from "../config/catalogue";
import type { RepositoryRef } from "../plan/iam";
import type { Names } from "../plan/names";
import {
  BucketRef,
  bucketRef,
  connectionArn,
  notificationTopicArn,
  RefScope,
  repositoryRef,
} from "../plan/refs";

/**
 * The catalogue's shared resources as a stack finds them: by name, never by reading another
 * stack's state, in the forms plan/refs.ts writes (the plan writes the same with stand-ins).
 * DeliveryStack.refs, with the stack's account, partition and region.
 */
export class CatalogueRefs {
  constructor(
    private readonly stack: Construct,
    private readonly names: Names,
    private readonly scope: RefScope,
  ) {}

  /** The catalogue's key, looked up by its alias (construct id `catalogue-key`). */
  catalogueKeyArn(): string {
    return new DataAwsKmsAlias(this.stack, "catalogue-key", {
      name: this.names.kmsAlias,
    }).targetKeyArn;
  }

  /**
   * The catalogue's notification topic: an existing one it names, or the one the shared stack
   * creates.
   */
  notificationTopicArn(catalogue: Pick<Catalogue, "notifications">): string {
    return notificationTopicArn(
      this.scope,
      this.names.notificationTopic,
      catalogue.notifications,
    );
  }

  /** A repository of the catalogue (in the shared stack or another stack), by its image's name. */
  repository(image: string): RepositoryRef {
    return repositoryRef(this.scope, this.names.repository(image));
  }

  /** The URL of the repository of a service or base image, by its name. */
  repositoryUrl(image: string): string {
    return this.repository(image).url;
  }

  /** A connection's ARN: an existing one's, or a created one's looked up by its name. */
  connectionArn(connections: readonly Connection[], name: string): string {
    return connectionArn(
      connections,
      name,
      (key) =>
        new DataAwsCodestarconnectionsConnection(
          this.stack,
          `connection-${key}`,
          { name: this.names.connection(key) },
        ).arn,
    );
  }

  /** The artifact store, named so every stack can find it without reading another's state. */
  get artifactBucket(): BucketRef {
    return bucketRef(
      this.scope,
      this.names.artifactBucket(this.scope.accountId, this.scope.region),
    );
  }
}
