package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which idempotency store a guard uses when the application has no store bean (this test's bean context has none). */
class StoreResolverTest {
  private static StoreResolver in(Map<String, String> environment) {
    return new StoreResolver(environment::get);
  }

  @Test
  void testsAndLocalRunsUseTheInMemoryStore() {
    assertThat(in(Map.of()).resolve()).isInstanceOf(InMemoryIdempotencyStore.class);
    assertThat(in(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders", "KINDLING_LOCAL", "true")).resolve())
        .isInstanceOf(InMemoryIdempotencyStore.class);
    assertThat(in(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders", "AWS_SAM_LOCAL", "true")).resolve())
        .isInstanceOf(InMemoryIdempotencyStore.class);
  }

  @Test
  void inLambdaWithoutAStoreInitFailsSayingWhatToDo() {
    assertThatThrownBy(() -> in(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders")).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kindling-idempotency-dynamodb")
        .hasMessageContaining("KINDLING_IDEMPOTENCY_STORE=memory");
  }

  @Test
  void inLambdaTheInMemoryStoreMustBeChosenExplicitly() {
    assertThat(in(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders", "KINDLING_IDEMPOTENCY_STORE", "memory")).resolve())
        .isInstanceOf(InMemoryIdempotencyStore.class);
    assertThatThrownBy(() -> in(Map.of("KINDLING_IDEMPOTENCY_STORE", "dynamo")).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KINDLING_IDEMPOTENCY_STORE=dynamo is not a store Kindling knows");
  }
}
