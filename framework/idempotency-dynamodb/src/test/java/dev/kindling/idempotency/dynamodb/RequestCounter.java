package dev.kindling.idempotency.dynamodb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Records the DynamoDB operations a client sends; optionally drops the item from conditional
 * check failures, as a service that ignores {@code ReturnValuesOnConditionCheckFailure} would.
 */
final class RequestCounter implements ExecutionInterceptor {
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final boolean dropItemFromConditionFailure;

  RequestCounter(boolean dropItemFromConditionFailure) {
    this.dropItemFromConditionFailure = dropItemFromConditionFailure;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  @Override
  public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable failure = context.exception();
    if (dropItemFromConditionFailure && failure instanceof ConditionalCheckFailedException conditional) {
      return ConditionalCheckFailedException.builder()
          .message(conditional.getMessage())
          .statusCode(conditional.statusCode())
          .awsErrorDetails(conditional.awsErrorDetails())
          .build();
    }
    return failure;
  }

  List<String> operations() {
    return List.copyOf(operations);
  }

  void clear() {
    operations.clear();
  }
}
