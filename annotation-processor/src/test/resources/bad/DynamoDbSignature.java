package com.acme;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.kindling.annotation.DynamoDbStreamHandler;
import jakarta.inject.Singleton;

@Singleton
public class DynamoDbSignature {
  @DynamoDbStreamHandler(table = "orders")
  public void changed(
      DynamodbEvent.DynamodbStreamRecord record) { // expect: DynamoDbSignature
  }
}
