package dev.kindling.sqs.deadletter;

import dev.kindling.runtime.deadletter.DeadLetterSender;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * Makes the SQS sender the application's {@link DeadLetterSender} as soon as this module is on the
 * class path. Configured from environment variables (the Lambda bean context has no property
 * sources): see {@link SqsDeadLetterSender#fromEnvironment()}. An application that declares its own
 * {@code DeadLetterSender} bean wins over this one ({@link Secondary}).
 */
@Factory
public class SqsDeadLetterSenderFactory {

  /** The sender; its SQS client is built on the first move, and closed with the context. */
  @Singleton
  @Secondary
  @Bean(preDestroy = "close")
  public SqsDeadLetterSender sqsDeadLetterSender() {
    return SqsDeadLetterSender.fromEnvironment();
  }
}
