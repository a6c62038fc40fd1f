package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kindling.runtime.logging.KindlingLogging;
import java.io.IOException;
import java.io.StringWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line that ends every batch ("Batch processed" with its counts) and, when
 * {@code KINDLING_METRICS_NAMESPACE} (or {@code POWERTOOLS_METRICS_NAMESPACE}) is set, the same
 * counts as CloudWatch Embedded Metric Format, dimension {@code service}.
 */
final class BatchSummary {
  private static final Logger LOG = LoggerFactory.getLogger(Batches.class);

  private BatchSummary() {}

  static void log(BatchOutcome outcome) {
    LOG.atInfo()
        .addKeyValue("records", outcome.records())
        .addKeyValue("succeeded", outcome.succeeded())
        .addKeyValue("skipped_without_image", outcome.skippedWithoutImage())
        .addKeyValue("failed", outcome.failed())
        .addKeyValue("skipped_by_deadline", outcome.skippedByDeadline())
        .addKeyValue("skipped_after_failure", outcome.skippedAfterFailure())
        .addKeyValue("dead_lettered", outcome.deadLettered())
        .addKeyValue("duration_ms", outcome.durationMillis())
        .log("Batch processed");
    String namespace = KindlingLogging.settings().metricsNamespace();
    if (namespace != null) {
      KindlingLogging.writeJsonLine(metrics(namespace, KindlingLogging.service(), outcome, System.currentTimeMillis()));
    }
  }

  static String metrics(String namespace, String service, BatchOutcome outcome, long timestamp) {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator json = Json.factory().createGenerator(text)) {
      json.writeStartObject();
      json.writeObjectFieldStart("_aws");
      json.writeNumberField("Timestamp", timestamp);
      json.writeArrayFieldStart("CloudWatchMetrics");
      json.writeStartObject();
      json.writeStringField("Namespace", namespace);
      json.writeArrayFieldStart("Dimensions");
      json.writeStartArray();
      json.writeString("service");
      json.writeEndArray();
      json.writeEndArray();
      json.writeArrayFieldStart("Metrics");
      for (Metric metric : Metric.values()) {
        if (!metric.emitted(outcome)) {
          continue;
        }
        json.writeStartObject();
        json.writeStringField("Name", metric.name);
        json.writeStringField("Unit", metric.unit);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
      json.writeStringField("service", service);
      for (Metric metric : Metric.values()) {
        if (metric.emitted(outcome)) {
          json.writeNumberField(metric.name, metric.value(outcome));
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the batch metrics", e);
    }
    return text.toString();
  }

  private enum Metric {
    RECORDS("BatchRecords", "Count"),
    SUCCEEDED("BatchRecordsSucceeded", "Count"),
    SKIPPED_WITHOUT_IMAGE("BatchRecordsSkippedWithoutImage", "Count"),
    FAILED("BatchRecordsFailed", "Count"),
    SKIPPED_BY_DEADLINE("BatchRecordsSkippedByDeadline", "Count"),
    SKIPPED_AFTER_FAILURE("BatchRecordsSkippedAfterFailure", "Count"),
    DEAD_LETTERED("BatchRecordsDeadLettered", "Count"),
    DURATION("BatchDuration", "Milliseconds");

    final String name;
    final String unit;

    Metric(String name, String unit) {
      this.name = name;
      this.unit = unit;
    }

    /**
     * Records skipped without an image occur in DynamoDB stream batches only; the metric is sent when
     * there are some, so queue and Kinesis functions do not gain a custom metric that is always 0.
     */
    boolean emitted(BatchOutcome outcome) {
      return this != SKIPPED_WITHOUT_IMAGE || outcome.skippedWithoutImage() > 0;
    }

    long value(BatchOutcome outcome) {
      return switch (this) {
        case RECORDS -> outcome.records();
        case SUCCEEDED -> outcome.succeeded();
        case SKIPPED_WITHOUT_IMAGE -> outcome.skippedWithoutImage();
        case FAILED -> outcome.failed();
        case SKIPPED_BY_DEADLINE -> outcome.skippedByDeadline();
        case SKIPPED_AFTER_FAILURE -> outcome.skippedAfterFailure();
        case DEAD_LETTERED -> outcome.deadLettered();
        case DURATION -> outcome.durationMillis();
      };
    }
  }
}
