package com.acme;

import dev.kindling.annotation.DynamoDbStreamHandler;
import dev.kindling.runtime.DynamoDbChange;
import jakarta.inject.Singleton;

@Singleton
public class StartingPosition {
  public record Order(String id) {}

  @DynamoDbStreamHandler(
      table = "orders",
      startingPosition = "AT_TIMESTAMP") // expect: StartingPosition
  public void changed(DynamoDbChange<Order> change) {}
}
