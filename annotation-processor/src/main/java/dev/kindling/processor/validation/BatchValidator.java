package dev.kindling.processor.validation;

import dev.kindling.processor.model.TypeNames;
import dev.kindling.processor.model.AnnotationNames;
import dev.kindling.processor.model.BatchHandlerModel;
import dev.kindling.processor.model.BatchKind;
import dev.kindling.processor.model.Binding;
import dev.kindling.processor.model.HandlerMethod;
import dev.kindling.processor.model.Param;
import java.util.List;
import java.util.regex.Pattern;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/** Rules for queue and stream handlers: signature, and option values within AWS's limits. */
final class BatchValidator {
  private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  /**
   * The least maxReceiveCount of a FIFO queue whose failures hold their group back: AWS's
   * recommendation for Lambda. A record's receives also go to waiting behind failed records of its
   * group and to failed invocations; 5 leaves it an attempt and a retry after two such failures
   * ahead of it and one failed invocation.
   */
  static final int FIFO_MIN_RECEIVE_COUNT = 5;

  private final Diagnostics diagnostics;

  BatchValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Types bound without Jackson's creator rules: text, bytes, raw AWS records, DynamoDbChange. */
  static boolean isRecordPayload(TypeMirror type) {
    String name = TypeNames.qualifiedName(type);
    return AnnotationNames.SQS_MESSAGE.equals(name)
        || AnnotationNames.KINESIS_RECORD.equals(name)
        || AnnotationNames.DYNAMODB_RECORD.equals(name)
        || AnnotationNames.DYNAMODB_CHANGE.equals(name);
  }

  void validate(BatchHandlerModel batch) {
    validateSignature(batch);
    switch (batch.kind()) {
      case SQS -> validateSqs(batch);
      case KINESIS -> validateStream(batch, List.of("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP"), STREAM_NAME);
      case DYNAMODB -> validateStream(batch, List.of("LATEST", "TRIM_HORIZON"), TABLE_NAME);
    }
  }

  private void validateSignature(BatchHandlerModel batch) {
    HandlerMethod method = batch.method();
    Rule rule =
        switch (batch.kind()) {
          case SQS -> Rule.SqsSignature;
          case KINESIS -> Rule.KinesisSignature;
          case DYNAMODB -> Rule.DynamoDbSignature;
        };
    String signature = HandlerValidator.signature(method);
    boolean payload = false;
    boolean recordContext = false;
    boolean lambdaContext = false;
    for (Param param : method.params()) {
      boolean extra =
          switch (param.binding()) {
            case BODY -> payload;
            case RECORD_CONTEXT -> recordContext;
            case LAMBDA_CONTEXT -> lambdaContext;
            default -> true;
          };
      if (extra) {
        diagnostics.report(
            rule, param.element(), signature,
            "remove parameter '" + HandlerValidator.simpleName(param.type()) + " " + param.name() + "'");
        continue;
      }
      switch (param.binding()) {
        case BODY -> {
          payload = true;
          checkPayload(batch, rule, signature, param);
        }
        case RECORD_CONTEXT -> recordContext = true;
        case LAMBDA_CONTEXT -> lambdaContext = true;
        default -> { }
      }
    }
    if (!payload) {
      diagnostics.report(rule, method.element(), signature, "add the record payload as the first parameter");
    }
    if (!method.returnsVoid()) {
      diagnostics.report(
          rule, method.element(), signature,
          "return void (a returned value would be dropped); throw to fail the record");
    }
  }

  private void checkPayload(BatchHandlerModel batch, Rule rule, String signature, Param param) {
    String name = TypeNames.qualifiedName(param.type());
    String wrongRaw =
        switch (batch.kind()) {
          case SQS -> AnnotationNames.KINESIS_RECORD.equals(name) || AnnotationNames.DYNAMODB_RECORD.equals(name) || AnnotationNames.DYNAMODB_CHANGE.equals(name) ? "SQSEvent.SQSMessage" : null;
          case KINESIS -> AnnotationNames.SQS_MESSAGE.equals(name) || AnnotationNames.DYNAMODB_RECORD.equals(name) || AnnotationNames.DYNAMODB_CHANGE.equals(name) ? "KinesisEvent.KinesisEventRecord" : null;
          case DYNAMODB -> AnnotationNames.SQS_MESSAGE.equals(name) || AnnotationNames.KINESIS_RECORD.equals(name) ? "DynamoDbChange<T>" : null;
        };
    if (wrongRaw != null) {
      diagnostics.report(rule, param.element(), signature, "'" + param.name() + "' is another source's record type; take " + wrongRaw + " or your payload type");
    } else if (AnnotationNames.DYNAMODB_RECORD.equals(name)) {
      diagnostics.report(rule, param.element(), signature, "take DynamoDbChange<T> (eventName, keys, old and new image bound to T) instead of DynamodbStreamRecord");
    } else if (AnnotationNames.DYNAMODB_CHANGE.equals(name)
        && ((DeclaredType) param.type()).getTypeArguments().isEmpty()) {
      diagnostics.report(rule, param.element(), signature, "give DynamoDbChange its item type, e.g. DynamoDbChange<Order>");
    }
  }

  private void validateSqs(BatchHandlerModel batch) {
    HandlerMethod method = batch.method();
    var annotation = method.annotation();
    var element = method.element();
    // SQS counts a FIFO queue's .fifo suffix toward its 80 characters.
    if (!QUEUE_NAME.matcher(batch.source().replaceFirst("\\.fifo$", "")).matches() || batch.source().length() > 80) {
      diagnostics.report(
          Rule.SourceName, element, annotation, "queue", "queue", batch.source(),
          "use 1..80 letters, digits, '-' or '_', the .fifo of a FIFO queue included");
    } else if (batch.fifo() != batch.source().endsWith(".fifo")) {
      diagnostics.report(
          Rule.SourceName, element, annotation, "queue", "queue", batch.source(),
          batch.fifo() ? "a FIFO queue's name ends with .fifo; name it '" + batch.source() + ".fifo'"
              : "a name ending with .fifo is a FIFO queue; set fifo = true");
    }
    if (batch.fifo() && batch.parallel()) {
      diagnostics.report(Rule.ParallelFifo, element, annotation, "parallel");
    }
    int max = batch.fifo() ? 10 : 10_000;
    if (batch.batchSize() < 1 || batch.batchSize() > max) {
      diagnostics.report(
          Rule.BatchSize, element, annotation, "batchSize", batch.batchSize(),
          batch.fifo() ? "a FIFO queue" : "a standard queue", "1.." + max);
    }
    if (batch.maxBatchingWindowSeconds() < 0 || batch.maxBatchingWindowSeconds() > 300) {
      diagnostics.report(
          Rule.BatchingWindow, element, annotation, "maxBatchingWindowSeconds",
          "maxBatchingWindowSeconds " + batch.maxBatchingWindowSeconds() + " is out of range", "0..300");
    } else if (batch.batchSize() > 10 && batch.maxBatchingWindowSeconds() < 1 && !batch.fifo()) {
      diagnostics.report(
          Rule.BatchingWindow, element, annotation, "maxBatchingWindowSeconds",
          "SQS requires a batching window when batchSize is above 10", "1..300, or a batchSize of at most 10");
    }
    if (batch.maxReceiveCount() < 1 || batch.maxReceiveCount() > 1000) {
      diagnostics.report(Rule.MaxReceiveCount, element, annotation, "maxReceiveCount", batch.maxReceiveCount());
    } else if (batch.fifo() && !batch.deadLetterUnprocessable() && batch.maxReceiveCount() < FIFO_MIN_RECEIVE_COUNT) {
      diagnostics.report(
          Rule.FifoMaxReceiveCount, element, annotation, "maxReceiveCount", batch.maxReceiveCount(),
          FIFO_MIN_RECEIVE_COUNT);
    }
    if (batch.deadLetterUnprocessable()
        && diagnostics.elements().getTypeElement(AnnotationNames.SQS_DEAD_LETTER_SENDER) == null) {
      diagnostics.report(Rule.DeadLetterModule, element, annotation, "deadLetterUnprocessable");
    }
  }

  private void validateStream(BatchHandlerModel batch, List<String> positions, Pattern names) {
    HandlerMethod method = batch.method();
    var annotation = method.annotation();
    var element = method.element();
    String what = batch.kind() == BatchKind.KINESIS ? "stream" : "table";
    if (!names.matcher(batch.source()).matches()) {
      diagnostics.report(
          Rule.SourceName, element, annotation, batch.kind().sourceMember(), what, batch.source(),
          batch.kind() == BatchKind.KINESIS
              ? "use 1..128 letters, digits, '.', '-' or '_'"
              : "use 3..255 letters, digits, '.', '-' or '_'");
    }
    if (batch.batchSize() < 1 || batch.batchSize() > 10_000) {
      diagnostics.report(
          Rule.BatchSize, element, annotation, "batchSize", batch.batchSize(),
          batch.kind() == BatchKind.KINESIS ? "a Kinesis stream" : "a DynamoDB stream", "1..10000");
    }
    if (!positions.contains(batch.startingPosition())) {
      diagnostics.report(
          Rule.StartingPosition, element, annotation, "startingPosition", batch.startingPosition(),
          batch.kind() == BatchKind.KINESIS ? "a Kinesis stream" : "a DynamoDB stream", positions);
    }
    if (batch.maxRetryAttempts() < -1 || batch.maxRetryAttempts() > 10_000) {
      diagnostics.report(Rule.MaxRetryAttempts, element, annotation, "maxRetryAttempts", batch.maxRetryAttempts());
    }
  }

}
