package com.acme;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kindling.annotation.KinesisHandler;
import jakarta.inject.Singleton;

@Singleton
public class KinesisSignature {
  @KinesisHandler(stream = "clicks")
  public void click(
      SQSEvent.SQSMessage message) { // expect: KinesisSignature
  }
}
