package dev.kindling.idempotency.dynamodb;

import dev.kindling.runtime.idempotency.IdempotencyStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * Makes the DynamoDB store the application's {@link IdempotencyStore} as soon as this module is
 * on the class path. Configured from environment variables (the Lambda bean context has no
 * property sources): see {@link DynamoDbIdempotencyStore#fromEnvironment()}. An application that
 * declares its own {@code IdempotencyStore} bean wins over this one ({@link Secondary}).
 */
@Factory
public class DynamoDbIdempotencyStoreFactory {

  /** The store; its DynamoDB client is built on the first idempotent call, and closed with the context. */
  @Singleton
  @Secondary
  @Bean(preDestroy = "close")
  public DynamoDbIdempotencyStore dynamoDbIdempotencyStore() {
    return DynamoDbIdempotencyStore.fromEnvironment();
  }
}
