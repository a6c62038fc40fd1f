package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.runtime.idempotency.IdempotencyStore;
import io.micronaut.context.BeanContext;
import org.junit.jupiter.api.Test;

/** Adding the module to an application makes its bean context provide the DynamoDB store. */
class DynamoDbIdempotencyStoreFactoryTest {

  @Test
  void aPlainBeanContextProvidesTheDynamoDbStore() {
    // GIVEN the module on the class path and a plain bean context, as the runtime's Beans starts it
    try (BeanContext context = BeanContext.run()) {
      // WHEN the runtime looks up the store
      IdempotencyStore store = context.getBean(IdempotencyStore.class);

      // THEN it is the DynamoDB store on the default table (no environment variables set here)
      assertThat(store).isInstanceOf(DynamoDbIdempotencyStore.class);
      assertThat(((DynamoDbIdempotencyStore) store).tableName())
          .isEqualTo(System.getenv().getOrDefault(DynamoDbIdempotencyStore.TABLE_ENV, "idempotency"));
      // AND it is one singleton
      assertThat(context.getBean(IdempotencyStore.class)).isSameAs(store);
    }
  }

  @Test
  void anApplicationsOwnStoreBeanWinsOverTheModulesStore() {
    // GIVEN an application that declares its own IdempotencyStore bean
    System.setProperty(ApplicationStore.ENABLED, "true");
    try (BeanContext context = BeanContext.run()) {
      // WHEN the runtime looks up the store
      // THEN the application's store is used, not the module's (which is @Secondary)
      assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(ApplicationStore.class);
    } finally {
      System.clearProperty(ApplicationStore.ENABLED);
    }
  }

  @Test
  void onlyTheUrlConnectionHttpClientIsOnTheClassPath() {
    // GIVEN the module's dependencies (DynamoDB Local's copies are excluded too, so this class path
    // is the production one as far as HTTP clients go)
    ClassLoader loader = getClass().getClassLoader();

    // WHEN / THEN Apache HTTP and Netty, which cost cold start, are absent; HttpURLConnection's is there
    assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient", false, loader))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.class).isNotNull();
  }
}
