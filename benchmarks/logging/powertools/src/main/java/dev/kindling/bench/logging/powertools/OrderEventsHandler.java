package dev.kindling.bench.logging.powertools;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.logging.LoggingUtils;

/**
 * The benchmark function written by hand with Powertools logging 1.18.0: the same lines as the
 * Kindling variant (one per order with its {@code record_id}, then a summary), the same partial
 * batch response.
 */
public class OrderEventsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = LogManager.getLogger(OrderEventsHandler.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One message body. */
  public record OrderPlaced(String orderId, BigDecimal amount) {}

  @Override
  @Logging
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      LoggingUtils.appendKey("record_id", message.getMessageId());
      try {
        OrderPlaced order = JSON.readValue(message.getBody(), OrderPlaced.class);
        LOG.info("Order {} placed for {}", order.orderId(), order.amount());
      } catch (Exception e) {
        LOG.warn("Record {} failed", message.getMessageId(), e);
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      } finally {
        LoggingUtils.removeKey("record_id");
      }
    }
    LOG.info("Batch processed: {} records, {} failed", event.getRecords().size(), failures.size());
    return new SQSBatchResponse(failures);
  }
}
